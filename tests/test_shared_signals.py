"""Signals shared by the HTML and the text paths."""
from __future__ import annotations

import re

import pytest

from cleaner.shared_signals import PRICE_PATTERN


def test_prices_in_their_usual_forms() -> None:
    text = "x,5€ and 1,5€ and 12.345,67 € or $ 12 and 1.2.3 usd; price 10 kr, 1,000 EUR, x..5.5€, abc 5 zł"
    assert PRICE_PATTERN.findall(text) == ["5€", "1,5€", "12.345,67 €", "$ 12 ", "1.2.3 usd", "10 kr",
                                           "1,000 EUR", "5.5€", "5 zł"]


def test_a_long_run_of_digits_and_commas_is_read_once() -> None:
    # Each digit of the run was tried as the start of a price: quadratic, minutes on a 0.6 MB page
    # (bench/fuzz.py case 26808). A number now starts only where the run does.
    assert PRICE_PATTERN.findall("1," * 200_000) == []
    assert PRICE_PATTERN.findall("1," * 200_000 + "5 €") == ["1," * 200_000 + "5 €"]


@pytest.mark.parametrize("text", [
    "", "no price here", "$12.99 and 1.299,00 €", "USD 40, 12 kr, 5 zł", "Europe's academy audio",
    "a 5 eur fee", "EUR5", "5usd", "uſd 5", "ınr 7", "İNR 7", "3 ſek", "4 \u212Ar", "İnr 5", "12 Kr", "10 ZŁ",
    "¥100", "7 CHF_ 8", "chf\u00a09", "sek 1 and nok 2 and dkk 3",
])
def test_count_prices_counts_what_the_pattern_finds(text: str) -> None:
    from cleaner.shared_signals import PRICE_PATTERN, count_prices

    words = re.findall(r"[a-z]+", text.lower())
    assert count_prices(text, words) == len(PRICE_PATTERN.findall(text))
