"""Search: a prebuilt, term-sharded index that the browser loads piece by piece."""
