"""Helpers of the invoice and receipt tests: a folio with charges and payments, and the
text of a PDF (fpdf2 writes glyph ids; its ToUnicode map turns them back into letters)."""

from __future__ import annotations

import datetime as dt
import re
import zlib
from decimal import Decimal

from frontoffice.billing.models import Entry, TaxRate
from frontoffice.billing.services import ledger


def tax_rates(establishment, **rates):
    """room=9, breakfast=21: rates valid from long ago."""
    for category, rate in rates.items():
        TaxRate.objects.create(
            establishment=establishment,
            category=category,
            rate=Decimal(str(rate)),
            valid_from=dt.date(2000, 1, 1),
        )


def charge(folio, actor, category="room", price="109.00", quantity=1, description=""):
    return ledger.charge_post(
        folio=folio,
        actor=actor,
        category=category,
        unit_price=price,
        quantity=quantity,
        description=description,
    )


def pay(folio, amount, *, method="card", brand="Visa", last4="4242", kind="payment"):
    """A payment (or refund) entry, as the ledger's payment service will post it."""
    signed = -Decimal(amount) if kind == "payment" else Decimal(amount)
    return Entry.objects.create(
        establishment_id=folio.establishment_id,
        folio=folio,
        kind=kind,
        amount=signed,
        method=method,
        card_brand=brand if method == "card" else "",
        card_last4=last4 if method == "card" else "",
        business_date=folio.establishment.business_day(),
    )


def _streams(data: bytes) -> list[bytes]:
    found = []
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        raw = match.group(1)
        try:
            found.append(zlib.decompress(raw))
        except zlib.error:
            found.append(raw)
    return found


def _unescape(raw: bytes) -> bytes:
    out = bytearray()
    i = 0
    while i < len(raw):
        c = raw[i]
        if c == 0x5C:  # backslash
            i += 1
            n = raw[i]
            if 0x30 <= n <= 0x37:
                digits = re.match(rb"[0-7]{1,3}", raw[i : i + 3]).group(0)
                out.append(int(digits, 8) & 0xFF)
                i += len(digits)
                continue
            out.append(
                {ord("n"): 10, ord("r"): 13, ord("t"): 9, ord("b"): 8, ord("f"): 12}.get(n, n)
            )
        else:
            out.append(c)
        i += 1
    return bytes(out)


def _objects(data: bytes) -> dict[int, bytes]:
    return {
        int(number): body for number, body in re.findall(rb"(\d+) 0 obj\s*(.*?)endobj", data, re.S)
    }


def _stream_of(body: bytes) -> bytes:
    found = _streams(body)
    return found[0] if found else b""


def _to_unicode(cmap: bytes) -> dict[int, str]:
    mapping = {}
    for src, dst in re.findall(rb"<([0-9A-Fa-f]{4})>\s*<([0-9A-Fa-f]+)>", cmap):
        mapping[int(src, 16)] = bytes.fromhex(dst.decode()).decode("utf-16-be")
    return mapping


def pdf_text(data: bytes) -> str:
    """Every string the PDF shows, decoded through each font's ToUnicode map."""
    objects = _objects(data)
    fonts: dict[bytes, dict[int, str]] = {}
    for body in objects.values():
        # A resources dictionary: /Font << /F1 5 0 R /F2 12 0 R >>
        for inner in re.findall(rb"/Font\s*<<(.*?)>>", body, re.S):
            for name, ref in re.findall(rb"/(\w+)\s+(\d+) 0 R", inner):
                font = objects.get(int(ref), b"")
                unicode_ref = re.search(rb"/ToUnicode (\d+) 0 R", font)
                if unicode_ref:
                    fonts[name] = _to_unicode(_stream_of(objects[int(unicode_ref.group(1))]))
    shown = []
    for stream in _streams(data):
        current: dict[int, str] = {}
        for token in re.finditer(rb"/(\w+)\s+[\d.]+\s+Tf|\(((?:\\.|[^\\)])*)\)\s*Tj", stream, re.S):
            if token.group(1) is not None:
                current = fonts.get(token.group(1), {})
                continue
            codes = _unescape(token.group(2))
            shown.append(
                "".join(
                    current.get(int.from_bytes(codes[i : i + 2], "big"), "?")
                    for i in range(0, len(codes), 2)
                )
            )
    return "\n".join(shown)


def documents_for_matrix(establishment, actor):
    """A company account with a charge, a paid receipt R-000001 and invoice INV-000001, for
    the permission tables' rows that read an invoice or a receipt (no reservation added)."""
    from frontoffice.billing.models import Folio
    from frontoffice.billing.services import folios, invoices, receipts

    folio = folios.folio_insert(
        Folio(
            establishment=establishment,
            kind=Folio.Kind.COMPANY,
            name="Matrix B.V.",
            currency=establishment.currency,
        ),
        actor,
    )
    charge(folio, actor, "minibar", "4.50")
    receipt = receipts.receipt_issue(entry=pay(folio, "4.50"))
    invoice = invoices.invoice_issue(folio=folio, actor=actor)
    assert (invoice.number, receipt.number) == ("INV-000001", "R-000001")
    return invoice, receipt
