"""Codes people read, write down and type back (references, follow-up codes), and how a random
token kept in a cookie or a link is stored: only as its hash."""
import hashlib

# Crockford's base32 without I, L, O and U: nothing to misread or mishear. References use it, as did
# the follow-up codes given out before the short codes of digits (app/followup/services.py).
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def token_hash(token: str) -> str:
    """A random token's SHA-256, as stored: enough for a token too long to guess (drafts, follow-up
    and staff sessions, set-up links, recovery codes); passwords people choose use Argon2."""
    return hashlib.sha256(token.encode()).hexdigest()
