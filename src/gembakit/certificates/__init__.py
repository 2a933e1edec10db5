"""Certificates: eligibility, signed payloads (COSE_Sign1 over CWT), keys, trust and revocation
lists, verification, and the register."""
