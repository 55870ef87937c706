"""The verdicts: the one table every use of a verdict reads. The schema of the claims files
(data/schema.py), the badge (templates/verdict-badge.html.j2) and through it the claim notes,
the legend, the claims page and the method page's definitions and rating scale, the counts on
the home page, and the ClaimReview ratings (data/reviews.py) all come from VERDICTS; adding a
verdict is one row here and its colour in docs/assets/stylesheets/edition.css (a test checks both)."""
from dataclasses import dataclass


@dataclass(frozen=True)
class Verdict:
    id: str                # as written in a claims file; the badge's CSS class is verdict--<id>
    label: str             # as readers see it
    symbol: str            # its shape, not only its colour, carries the verdict
    legend: str            # one line, after the label, in the legend beside the claims
    definition: str        # the method page's definition
    rating: int | None     # ClaimReview ratingValue (WORST..BEST); None: not a degree of truth
    needs_source: bool     # a claim with this verdict cites at least one source

    @property
    def css_class(self) -> str:
        return f"verdict--{self.id}"


BEST, WORST = 5, 1     # the ClaimReview scale: 5, the sources say what the article says

# In the order readers see them (legend, totals, definitions, counts).
VERDICTS = {v.id: v for v in (
    Verdict("supported", "Supported", "●",
            "the cited sources say what the article says.",
            "The sources state every factual element of the claim as worded (who, what, when, how many, how "
            "strongly), in the primary document or in a reputable outlet’s report of it.",
            5, True),
    Verdict("partly-supported", "Partly supported", "◐",
            "the sources support part of the claim, or support it only with a qualification the note gives.",
            "The sources state the claim’s core, but an element is missing, or the article’s wording goes further "
            "than the sources: a stronger verb (for example “rekindled” where the sources say the relationship "
            "“remained” close), a wider scope or region, a more precise number, or a different time. The note says "
            "which part is supported and which is not.",
            3, True),
    Verdict("not-found", "Not found in the sources", "○",
            "no source found for a factual claim.",
            "No source found states the claim’s core element (for example “training manuals” where the sources "
            "speak only of training facilities). Not found does not mean false; the note says what the sources "
            "do say.",
            None, False),
    Verdict("contradicted", "Contradicted", "✕",
            "the sources say otherwise.",
            "A reliable source states the opposite of the claim’s core element.",
            1, True),
    Verdict("opinion", "Analysis/opinion", "◇",
            "an interpretation, characterisation or forecast to which no factual source applies.",
            "An argument, forecast or value judgement that sources cannot confirm or refute as fact. The note "
            "gives factual context only.",
            None, False),
)}
