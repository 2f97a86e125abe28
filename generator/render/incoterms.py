"""Incoterms 2020 explained in a line: the page shows the code a contract uses and, in
the page language, what it means for the buyer. The explanations are theme messages
(`N_` marks them for `make pot`), translated in every catalog of the default theme."""

from __future__ import annotations

from collections.abc import Callable

from ..models.product import Incoterm


def N_(message: str) -> str:
    """Marks `message` for extraction; it is translated where it is shown."""
    return message


EXPLANATIONS: dict[Incoterm, str] = {
    Incoterm.EXW: N_(
        "Ex Works: "
        "the buyer collects the goods at the seller's premises and bears all costs and risks from there"
    ),
    Incoterm.FCA: N_(
        "Free Carrier: "
        "the seller hands the goods, cleared for export, to the buyer's carrier at the named place"
    ),
    Incoterm.FAS: N_(
        "Free Alongside Ship: "
        "the seller places the goods alongside the buyer's vessel at the port of shipment"
    ),
    Incoterm.FOB: N_(
        "Free On Board: the seller loads the goods on board the buyer's vessel at the port of shipment"
    ),
    Incoterm.CFR: N_(
        "Cost and Freight: "
        "the seller pays the sea freight to the port of destination; the risk passes on loading"
    ),
    Incoterm.CIF: N_(
        "Cost, Insurance and Freight: "
        "as CFR, and the seller also insures the goods to the port of destination"
    ),
    Incoterm.CPT: N_(
        "Carriage Paid To: "
        "the seller pays the carriage to the destination; the risk passes at the first carrier"
    ),
    Incoterm.CIP: N_(
        "Carriage and Insurance Paid To: as CPT, and the seller also insures the goods to the destination"
    ),
    Incoterm.DAP: N_(
        "Delivered at Place: "
        "the seller delivers the goods, ready for unloading, at the destination; the buyer clears import"
    ),
    Incoterm.DPU: N_(
        "Delivered at Place Unloaded: "
        "the seller delivers and unloads the goods at the destination; the buyer clears import"
    ),
    Incoterm.DDP: N_(
        "Delivered Duty Paid: "
        "the seller delivers the goods to the destination with import duties and taxes paid"
    ),
}


def explained(terms: list[Incoterm], translate: Callable[[str], str]) -> list[dict[str, str]]:
    """Each term's code and its explanation in the page language."""
    return [{"code": term.value, "explanation": translate(EXPLANATIONS[term])} for term in terms]
