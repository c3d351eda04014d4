# SPDX-License-Identifier: MIT
"""congso: an open-source digital-government platform for Vietnamese provinces."""
