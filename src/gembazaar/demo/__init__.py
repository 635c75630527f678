"""The demo marketplace: believable sellers, accounts, listings and drawn pictures.

Everything here is generated from a seed, so the same seed gives the same marketplace. Nothing is
downloaded: the pictures are drawn with Pillow. Entry point: `run.seed_demo` (used by the
`gembazaar seed-demo` command and by `bench/seed.py`).
"""
