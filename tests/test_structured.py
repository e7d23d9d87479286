"""structured: a product page whose description is only in its JSON-LD gets it; one that shows it does not
get it twice. Small pages of our own, checked through extract()."""
from __future__ import annotations

import json

import pytest

import cleaner
from cleaner import Options
from cleaner.html.parse import parse_html
from cleaner.html.structured import product_description

DESCRIPTION = ("A hand-thrown stoneware mug with a speckled oatmeal glaze. Holds 350 ml, keeps coffee warm for "
               "longer thanks to its thick walls, and is safe in the dishwasher and the microwave.")


def product_page(description_in_page: bool, ld_description: str = DESCRIPTION) -> str:
    ld = {"@context": "https://schema.org", "@graph": [
        {"@type": "BreadcrumbList", "itemListElement": []},
        {"@type": "Product", "name": "Oatmeal stoneware mug", "description": ld_description,
         "offers": {"@type": "Offer", "price": "24.00", "priceCurrency": "EUR"}}]}
    shown = f'<div class="product-description"><p>{DESCRIPTION}</p></div>' if description_in_page else \
        '<div id="description-root"></div>'
    return (f'<html><head><title>Oatmeal stoneware mug | Clay Shop</title>'
            f'<script type="application/ld+json">{json.dumps(ld)}</script></head><body>'
            '<nav class="menu"><a href="/">Shop</a> <a href="/mugs">Mugs</a> <a href="/cart">Cart</a></nav>'
            f'<main><h1>Oatmeal stoneware mug</h1><p class="price">€24.00</p>'
            f'<button class="add-to-cart">Add to cart</button>{shown}</main>'
            "<footer><p>Clay Shop, 4 Kiln Lane. Free delivery over €50.</p></footer></body></html>")


@pytest.mark.parametrize("preset", ["balanced", "fast", "precision"])
def test_a_description_only_in_json_ld_is_returned(preset: str) -> None:
    document = cleaner.extract(product_page(False), options=Options.from_preset(preset))
    assert document.ok
    assert DESCRIPTION in document.text
    assert any(b.text == DESCRIPTION and "script" in b.path for b in document.blocks)


def test_a_description_the_page_shows_is_not_added_twice() -> None:
    document = cleaner.extract(product_page(True))
    assert document.text.count("hand-thrown stoneware mug") == 1


def test_json_ld_descriptions_are_read_as_plain_text() -> None:
    html = product_page(False, "<p>A hand-thrown mug &amp; saucer set, glazed by hand in our studio, "
                               "<b>dishwasher safe</b>, with a matching saucer and a gift box.</p>")
    description, path = product_description(parse_html(html))
    assert description.startswith("A hand-thrown mug & saucer set") and "<b>" not in description
    assert path.startswith("/html/head/script")
    assert product_description(parse_html("<html><body><p>No structured data.</p></body></html>")) == ("", "")
