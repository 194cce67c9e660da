"""One connector per refreshable dataset: it reads the publisher's own format (or a plain CSV in the
dataset's columns) and returns the rows of a candidate edition; :mod:`screening.indicators.refresh`
validates, stages and activates it.

What a connector knows of the publication besides its code is the ``refresh:`` section of the
dataset's metadata (``rules/indicators/<id>.yml``): ``format`` (the publication format's name),
``default_url`` and ``columns`` (the publisher's column names for each field the connector reads),
handed to it as :attr:`Context.refresh`.

=============  =====================================================
dataset        default URL (``refresh.default_url`` in its metadata)
=============  =====================================================
ilab_goods     DOL's List of Goods page (spreadsheet link followed)
uflpa          DHS's UFLPA Entity List page (one table per section)
cbp_wro        CBP's WRO/Findings dataset page (CSV link followed)
tip_tiers      the State Department's TIP report page (tier headings)
=============  =====================================================
"""

from __future__ import annotations

from screening.indicators.connectors import cbp_wro, ilab_goods, tip_tiers, uflpa
from screening.indicators.connectors.common import PLAIN_CSV, Context, ParsedEdition, Parser
from screening.indicators.connectors.http import Download, HttpClient, redact_url

#: dataset id -> parser (the publication format it reads is ``refresh.format`` in the metadata)
CONNECTORS: dict[str, Parser] = {
    "ilab_goods": ilab_goods.parse,
    "uflpa": uflpa.parse,
    "cbp_wro": cbp_wro.parse,
    "tip_tiers": tip_tiers.parse,
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
