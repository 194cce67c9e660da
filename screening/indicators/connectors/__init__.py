"""One connector per refreshable dataset: it reads the publisher's own format (or a plain CSV in the
dataset's columns) and returns the rows of a candidate edition; :mod:`screening.indicators.refresh`
validates, stages and activates it.

=============  ==========================  =====================================================
dataset        publication format          default URL (``refresh.default_url`` in its metadata)
=============  ==========================  =====================================================
ilab_goods     dol_ilab_list_of_goods      DOL's List of Goods page (spreadsheet link followed)
uflpa          dhs_uflpa_html              DHS's UFLPA Entity List page (one table per section)
cbp_wro        cbp_wro_csv                 CBP's WRO/Findings dataset page (CSV link followed)
tip_tiers      state_tip_report_html       the State Department's TIP report page (tier headings)
=============  ==========================  =====================================================
"""

from __future__ import annotations

from screening.indicators.connectors import cbp_wro, ilab_goods, tip_tiers, uflpa
from screening.indicators.connectors.common import PLAIN_CSV, Context, ParsedEdition, Parser
from screening.indicators.connectors.http import Download, HttpClient, redact_url

#: dataset id -> (publication format, parser)
CONNECTORS: dict[str, tuple[str, Parser]] = {
    "ilab_goods": (ilab_goods.FORMAT, ilab_goods.parse),
    "uflpa": (uflpa.FORMAT, uflpa.parse),
    "cbp_wro": (cbp_wro.FORMAT, cbp_wro.parse),
    "tip_tiers": (tip_tiers.FORMAT, tip_tiers.parse),
}

__all__ = [
    "CONNECTORS",
    "PLAIN_CSV",
    "Context",
    "Download",
    "HttpClient",
    "ParsedEdition",
    "Parser",
    "redact_url",
]
