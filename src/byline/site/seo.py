"""What search engines and browsers ask every site for: sitemap, robots.txt, JSON-LD,
favicons and the search index."""

from __future__ import annotations

import io
import json

from byline.config import Config
from byline.site.model import PostMeta
from byline.site.pages import SiteMap
from byline.site.xmltext import escape

__all__ = ["favicon_ico", "favicon_svg", "json_ld", "robots_txt", "search_index", "sitemap_xml"]


def sitemap_xml(site: SiteMap, base_url: str) -> str:
    """Every page but the 404, with ``lastmod`` for posts."""
    dates = {m.path: (m.updated or m.date) for m in site.posts}
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    for page in site.pages:
        if page.path.endswith("404.html"):
            continue
        out.append(f"<url><loc>{escape(base_url + page.path)}</loc>")
        day = dates.get(page.path)
        if day:
            out.append(f"<lastmod>{day.isoformat()}</lastmod>")
        out.append("</url>")
    out.append("</urlset>")
    return "\n".join(out) + "\n"


def robots_txt(base_url: str) -> str:
    return f"User-agent: *\nAllow: /\n\nSitemap: {base_url}/sitemap.xml\n"


def json_ld(meta: PostMeta, config: Config, image: str) -> str:
    """A ``BlogPosting`` for the post page, safe to embed in ``<script>``."""
    url = config.site.base_url + meta.path
    author: dict[str, object] = {"@type": "Person", "name": config.author.name}
    if config.author.links:
        author["sameAs"] = list(config.author.links.values())
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": meta.title,
        "description": meta.description,
        "url": url,
        "mainEntityOfPage": meta.canonical_url or url,
        "author": author,
        "image": image,
        "wordCount": meta.words,
    }
    if meta.date:
        data["datePublished"] = meta.date.isoformat()
        data["dateModified"] = (meta.updated or meta.date).isoformat()
    keywords = [*meta.keywords, *meta.tags]
    if keywords:
        data["keywords"] = ", ".join(dict.fromkeys(keywords))
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def search_index(posts: list[PostMeta]) -> str:
    """Titles, descriptions, tags and headings of every post, for the search page."""
    entries = [
        {
            "t": m.title,
            "u": m.path,
            "d": m.description,
            "g": list(m.tags),
            "h": [text for _, text, _ in m.headings],
        }
        for m in posts
    ]
    return json.dumps(entries, ensure_ascii=False, separators=(",", ":"))


def _initial(title: str) -> str:
    return next((c.upper() for c in title if c.isalnum()), "B")


def favicon_svg(title: str) -> str:
    """A rounded square with the site's initial."""
    letter = escape(_initial(title))
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">'
        '<rect width="64" height="64" rx="14" fill="#0b5cad"/>'
        '<text x="32" y="45" font-family="system-ui,sans-serif" font-size="38" '
        f'font-weight="700" text-anchor="middle" fill="#fff">{letter}</text></svg>\n'
    )


def favicon_ico(title: str) -> bytes:
    """The same icon as a 32x32 ``.ico`` for browsers that ask for ``/favicon.ico``."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGBA", (64, 64), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 0, 63, 63), radius=14, fill="#0b5cad")
    font = ImageFont.load_default(40)
    draw.text((32, 34), _initial(title), font=font, fill="#ffffff", anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, "ICO", sizes=[(32, 32), (16, 16)])
    return buffer.getvalue()
