"""Totals of benefits ledger lines, always broken down by confidence.

A figure is never shown without its confidence (docs/decisions/0005-benefits-ledger.md),
so a total is a list of per-confidence subtotals plus a grand total that says
how mixed it is. The same shape is built from a case study's own lines (in
Python, so a preview shows the draft) and from a database aggregate over many
case studies (for the index).
"""

from dataclasses import dataclass, field

from django.db.models import Count, Sum
from django.utils.text import get_text_list
from django.utils.translation import gettext, ngettext


@dataclass
class Subtotal:
    confidence: str
    label: str
    cashable_per_year: int = 0
    one_off_cost: int = 0
    #: How many ledger lines at this confidence give a cashable saving, and a one-off cost.
    cashable_figures: int = 0
    one_off_figures: int = 0
    lines: int = 0


@dataclass
class LedgerTotals:
    by_confidence: list[Subtotal] = field(default_factory=list)

    @property
    def cashable_per_year(self):
        return sum(subtotal.cashable_per_year for subtotal in self.by_confidence)

    @property
    def one_off_cost(self):
        return sum(subtotal.one_off_cost for subtotal in self.by_confidence)

    @property
    def cashable_figures(self):
        return sum(subtotal.cashable_figures for subtotal in self.by_confidence)

    @property
    def one_off_figures(self):
        return sum(subtotal.one_off_figures for subtotal in self.by_confidence)

    @property
    def lines(self):
        return sum(subtotal.lines for subtotal in self.by_confidence)

    @property
    def has_money(self):
        return bool(self.cashable_figures or self.one_off_figures)

    @property
    def cashable_confidence(self):
        """The confidence of the cashable total, e.g. 'mixed confidence: 2 audited and 1 self-reported figures'."""
        return self._confidence_of("cashable_figures")

    @property
    def one_off_confidence(self):
        """The confidence of the one-off cost total, said the same way."""
        return self._confidence_of("one_off_figures")

    def _confidence_of(self, figures):
        # In the reader's language: the labels are lazy and read here, as the page renders.
        present = [(getattr(subtotal, figures), str(subtotal.label).lower()) for subtotal in self.by_confidence]
        present = [(count, label) for count, label in present if count]
        if not present:
            return ""
        if len(present) == 1:
            count, label = present[0]
            return ngettext("%(confidence)s (%(count)d figure)", "%(confidence)s (all %(count)d figures)", count) % {
                "confidence": label,
                "count": count,
            }
        parts = [
            gettext("%(count)d %(confidence)s") % {"count": count, "confidence": label} for count, label in present
        ]
        total = sum(count for count, _label in present)
        mixed = ngettext(
            "mixed confidence: %(parts)s (of %(count)d figure)",
            "mixed confidence: %(parts)s (of %(count)d figures)",
            total,
        )
        return mixed % {"parts": get_text_list(parts, gettext("and")), "count": total}

    @classmethod
    def from_counts(cls, rows):
        """From one dict per confidence: cashable_sum, one_off_sum, cashable_figures, one_off_figures, lines."""
        from .models import Confidence

        by_key = {row["confidence"]: row for row in rows}
        subtotals = []
        for confidence in Confidence.strongest_first():
            row = by_key.get(confidence.value)
            if not row:
                continue
            subtotals.append(
                Subtotal(
                    confidence=confidence.value,
                    label=confidence.label,
                    cashable_per_year=row.get("cashable_sum") or 0,
                    one_off_cost=row.get("one_off_sum") or 0,
                    cashable_figures=row.get("cashable_figures") or 0,
                    one_off_figures=row.get("one_off_figures") or 0,
                    lines=row.get("lines") or 0,
                )
            )
        return cls(subtotals)

    @classmethod
    def from_lines(cls, lines):
        """Totals of ledger lines already in memory (a page's own, possibly a draft in preview)."""
        rows = {}
        for line in lines:
            row = rows.setdefault(line.confidence, {"confidence": line.confidence})
            row["lines"] = row.get("lines", 0) + 1
            if line.cashable_saving_per_year is not None:
                row["cashable_sum"] = row.get("cashable_sum", 0) + line.cashable_saving_per_year
                row["cashable_figures"] = row.get("cashable_figures", 0) + 1
            if line.one_off_cost is not None:
                row["one_off_sum"] = row.get("one_off_sum", 0) + line.one_off_cost
                row["one_off_figures"] = row.get("one_off_figures", 0) + 1
        return cls.from_counts(rows.values())

    @classmethod
    def from_queryset(cls, benefit_lines):
        """Totals of a BenefitLine queryset, summed by the database in one query."""
        rows = (
            benefit_lines.order_by()
            .values("confidence")
            .annotate(
                cashable_sum=Sum("cashable_saving_per_year"),
                one_off_sum=Sum("one_off_cost"),
                cashable_figures=Count("cashable_saving_per_year"),
                one_off_figures=Count("one_off_cost"),
                lines=Count("pk"),
            )
        )
        return cls.from_counts(rows)
