# SPDX-License-Identifier: MIT
"""DEMO catalog tables for the demo province (Thành phố Huế): plain data, no logic.

`laws` lists legal documents, `fields` the fields (lĩnh vực) with their defaults, and the
other modules the procedures of each field in a compact form that
`congso.demo.catalog_data` expands into `ProcedureRecord` dicts. Procedure codes, decision
numbers, fees set by the city council and agency codes are demo values.
"""
