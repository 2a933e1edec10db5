"""Recognition at three tiers: eligibility, issuer keys and trust, signed certificates,
verification and the register of issued certificates."""
