# SPDX-License-Identifier: MIT
from ninja import Router

router = Router(tags=["catalog"])
