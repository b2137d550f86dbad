"""Invoices and receipts as PDF, made with fpdf2 (pure Python: no system libraries, so
`make run` needs nothing more). The text is what `documents` returns, in the document's
language; DejaVu Sans (shipped in `fonts/`) is embedded as a subset so Polish, German and
Spanish letters print."""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from .documents import invoice_document, receipt_document
from .models import Invoice, Receipt

FONTS = Path(__file__).resolve().parent / "fonts"
FONT = "DejaVu"
NEXT_LINE = {"new_x": XPos.LMARGIN, "new_y": YPos.NEXT}


class _Document(FPDF):
    def __init__(self, title: str, language: str):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.add_font(FONT, "", str(FONTS / "DejaVuSans.ttf"))
        self.add_font(FONT, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        self.set_title(title)
        self.set_lang(language)
        self.set_creator("Frontoffice")
        self.set_auto_page_break(auto=True, margin=18)
        self.set_margins(18, 18, 18)
        self.add_page()

    def text_line(self, text: str, size: float = 10, bold: bool = False, height: float = 5):
        self.set_font(FONT, "B" if bold else "", size)
        self.multi_cell(0, height, text, **NEXT_LINE)

    def pair(self, label: str, value: str, width: float = 45):
        self.set_font(FONT, "", 10)
        self.cell(width, 6, label)
        self.set_font(FONT, "B", 10)
        self.cell(0, 6, value, **NEXT_LINE)

    def table(self, headings: list[str], rows: list[list[str]], widths: list[float], align):
        self.set_font(FONT, "B", 9)
        self.set_fill_color(238, 238, 238)
        for heading, width, where in zip(headings, widths, align, strict=True):
            self.cell(width, 7, heading, border="B", align=where, fill=True)
        self.ln(7)
        self.set_font(FONT, "", 9)
        for row in rows:
            for value, width, where in zip(row, widths, align, strict=True):
                self.cell(width, 6, value, align=where)
            self.ln(6)
        self.ln(2)


def _bytes(pdf: FPDF) -> bytes:
    return bytes(pdf.output())


def invoice_pdf(invoice: Invoice) -> bytes:
    doc = invoice_document(invoice)
    labels = doc["labels"]
    pdf = _Document(f"{doc['title']} {doc['number']}", doc["language"])
    pdf.text_line(doc["establishment"], size=11, bold=True)
    pdf.ln(4)
    pdf.text_line(doc["title"], size=18, bold=True, height=9)
    pdf.ln(2)
    pdf.pair(labels["number"], doc["number"])
    pdf.pair(labels["date"], doc["date"])
    pdf.pair(labels["issued_at"], doc["issued_at"])
    pdf.ln(3)
    pdf.text_line(labels["debtor"], size=9)
    for line in doc["debtor"]:
        pdf.text_line(line, size=10)
    if doc["vat_id"]:
        pdf.text_line(f"{labels['vat_id']}: {doc['vat_id']}", size=10)
    pdf.ln(3)
    for note in (doc["cancellation_note"], doc["reason"], doc["cancelled_note"]):
        if note:
            pdf.text_line(note, size=10, bold=True)
    pdf.ln(2)
    pdf.table(
        [
            labels["line_date"],
            labels["description"],
            labels["quantity"],
            labels["unit_price"],
            labels["tax_rate"],
            labels["amount"],
        ],
        [
            [
                line["date"],
                line["description"][:48],
                line["quantity"],
                line["unit_price"],
                line["tax_rate"],
                line["amount"],
            ]
            for line in doc["lines"]
        ],
        [22, 66, 16, 26, 18, 26],
        ["L", "L", "R", "R", "R", "R"],
    )
    pdf.set_font(FONT, "B", 11)
    pdf.cell(148, 7, labels["total"], align="R")
    pdf.cell(26, 7, doc["total"], align="R", **NEXT_LINE)
    pdf.ln(3)
    pdf.text_line(labels["taxes"], size=10, bold=True)
    pdf.table(
        [labels["tax_rate"], labels["base"], labels["tax"], labels["gross"]],
        [[row["rate"], row["base"], row["amount"], row["gross"]] for row in doc["taxes"]],
        [40, 45, 45, 44],
        ["L", "R", "R", "R"],
    )
    if doc["payments"]:
        pdf.text_line(labels["payments"], size=10, bold=True)
        pdf.table(
            [labels["line_date"], labels["method"], labels["receipt"], labels["amount"]],
            [[p["date"], p["method"], p["receipt"], p["amount"]] for p in doc["payments"]],
            [25, 90, 33, 26],
            ["L", "L", "L", "R"],
        )
    if doc["kind"] == Invoice.Kind.INVOICE:
        pdf.set_font(FONT, "B", 11)
        pdf.cell(148, 7, labels["balance"], align="R")
        pdf.cell(26, 7, doc["balance"], align="R", **NEXT_LINE)
    pdf.ln(4)
    pdf.text_line(labels["prices"], size=8)
    return _bytes(pdf)


def receipt_pdf(receipt: Receipt) -> bytes:
    doc = receipt_document(receipt)
    labels = doc["labels"]
    pdf = _Document(f"{doc['title']} {doc['number']}", doc["language"])
    pdf.text_line(doc["establishment"], size=11, bold=True)
    pdf.ln(4)
    pdf.text_line(doc["title"], size=18, bold=True, height=9)
    pdf.ln(2)
    for key in ("number", "date", "issued_at", "received_from", "reference", "method"):
        pdf.pair(labels[key], doc[key])
    pdf.ln(3)
    pdf.set_font(FONT, "B", 13)
    pdf.cell(45, 8, labels["amount"])
    pdf.cell(0, 8, doc["amount"], **NEXT_LINE)
    return _bytes(pdf)
