"""Which URLs a page may link to, read the way a browser reads them."""

from __future__ import annotations

import pytest

from byline.content.schemes import is_http_url, is_safe_link, url_scheme


@pytest.mark.parametrize(
    ("url", "scheme"),
    [
        ("https://ada.dev/", "https"),
        ("HTTP://ada.dev/", "http"),
        ("mailto:ada@ada.dev", "mailto"),
        ("java\nscript:alert(1)", "javascript"),
        ("java\tscript:alert(1)", "javascript"),
        ("java\rscript:alert(1)", "javascript"),
        ("\x01 javascript:alert(1)", "javascript"),
        ("  JaVaScRiPt:alert(1)", "javascript"),
        ("/posts/x/", None),
        ("other.md#a:b", None),
        ("#top", None),
        ("?page=2", None),
        ("jav%09ascript:alert(1)", None),  # '%' cannot be in a scheme: a relative path
        ("", None),
    ],
)
def test_the_scheme_is_the_one_a_browser_reads(url: str, scheme: str | None) -> None:
    assert url_scheme(url) == scheme


@pytest.mark.parametrize(
    "url",
    ["https://x.dev/a", "http://x.dev", "mailto:a@x.dev", "tel:+123", "/a/", "a.md", "#x", "?q"],
)
def test_web_links_and_site_paths_are_safe(url: str) -> None:
    assert is_safe_link(url)


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "jav\nascript:alert(1)",
        " vbscript:x",
        "data:text/html,<script>alert(1)</script>",
        "file:///etc/passwd",
        "ms-settings:x",
    ],
)
def test_other_schemes_are_not(url: str) -> None:
    assert not is_safe_link(url)


def test_an_image_may_be_inline_data() -> None:
    assert is_safe_link("data:image/png;base64,AAAA", image=True)
    assert not is_safe_link("data:image/png;base64,AAAA")
    assert not is_safe_link("data:text/html,x", image=True)


@pytest.mark.parametrize(
    ("url", "web"),
    [
        ("https://dev.to/ada/x", True),
        ("HTTP://ada.dev", True),
        ("https://", False),
        ("https:///x", False),
        ("dev.to/ada/x", False),
        ("javascript://x", False),
        (" https://ada.dev", False),
    ],
)
def test_a_web_address_is_http_with_a_host(url: str, web: bool) -> None:
    assert is_http_url(url) is web
