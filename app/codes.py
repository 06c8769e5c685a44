"""Codes people read, write down and type back: references and follow-up codes."""

# Crockford's base32 without I, L, O and U: nothing to misread or mishear.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
