"""VietQR payment stickers: the bundled NAPAS bank list and the static payload (issue 18)."""
