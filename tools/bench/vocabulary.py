"""Words of the synthetic corpus that the measuring and the report name too (no Django needed)."""

#: A word on a few items only, for the "rare word" query.
RARE_WORD = "gazetteer"
