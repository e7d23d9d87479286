"""The HTML path: decode, parse once, segment into blocks, label every block, combine the extractors."""
