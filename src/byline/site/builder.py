"""``byline build``: the site as phases (load, render, plan, write), incremental by content hash.

* load: stat every post; an unchanged file is not even read (its ``PostMeta`` comes from
  the last build's state). Changed files are read and only their front matter is peeked
  at, to know every post's URL before any body is rendered.
* render: changed posts are parsed once (``content.parse``) and rendered to body HTML,
  across all cores for large batches; bodies are cached by content hash in
  ``.byline/cache/site/body/`` with what they depend on (other posts' URLs, image files).
* plan: the pages, each with a fingerprint of what it shows (``pages.plan_pages``).
* write: only pages whose fingerprint changed are rendered and written (each file via a
  temporary file and a rename); files of the last build that are no longer produced are
  removed.

``SiteBuilder.build()`` is the whole incremental rebuild, so a dev server calls it again
after a save.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import heapq
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from byline import __version__
from byline.content.blog import Blog, read_post
from byline.content.post import FrontMatter
from byline.content.schemes import is_http_url
from byline.content.slug import is_valid_slug
from byline.content.urls import post_path
from byline.errors import BylineError, InputError, os_error
from byline.files import is_hidden
from byline.site.cards import card_in_place, card_key, write_card
from byline.site.diagrams import Prerenderer, find_prerenderer
from byline.site.feeds import FEED_ITEMS, atom_feed, rss_feed
from byline.site.images import ImageJob, damaged_images, file_stat, make_variants
from byline.site.model import (
    PostMeta,
    digest_of,
    is_visible,
    meta_from_document,
    peek_front_matter,
    term_slug,
)
from byline.site.output import (
    Journal,
    Writer,
    begin_writing,
    check_output_folder,
    output_file,
    remove_stale,
    unfinished_builds,
    write_file,
)
from byline.site.pages import PageSpec, SiteMap, out_file, plan_pages, table_of_contents
from byline.site.seo import favicon_ico, favicon_svg, json_ld, robots_txt, search_index, sitemap_xml
from byline.site.state import (
    BuildState,
    PostState,
    code_key,
    load_state,
    save_state,
    state_file,
)
from byline.site.theme import (
    Assets,
    make_assets,
    make_environment,
    mermaid_assets,
    template_error,
    theme_key,
)

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

    from byline.content.document import Document
    from byline.site.render import BodyResult

__all__ = ["BuildOptions", "BuildReport", "SiteBuilder", "build_site"]

PARALLEL_MIN = 24
"""Fewer jobs than this run in the main process (starting workers costs more)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class BuildOptions:
    """How to build."""

    out: Path | None = None
    """Output folder; default ``[build] output`` (``_site``) in the blog."""
    drafts: bool = False
    """Also build drafts and future-dated posts."""
    jobs: int = 0
    """Worker processes; 0 = one per core, 1 = no workers."""
    today: dt.date | None = None
    """The date that decides which posts are due (default: today)."""


@dataclass(slots=True)
class BuildReport:
    """What a build did."""

    out: Path
    posts: int = 0
    """Posts on the site."""
    rendered: list[str] = field(default_factory=list)
    """Posts whose body was rendered (not taken from the cache)."""
    written: list[str] = field(default_factory=list)
    """Output files written."""
    removed: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    """``path:line: message`` for things readers would see broken."""
    errors: list[BylineError] = field(default_factory=list)
    """Posts left out because they could not be read."""
    timings: dict[str, float] = field(default_factory=dict)


@dataclass(slots=True)
class _Job:
    source: str
    text: str
    digest: str
    stat: tuple[int, int] | None = None
    """(size, mtime_ns) of the file when it was read."""
    front: FrontMatter | None = None
    """Its front matter, once the build has read it (the parse then reuses it)."""


# Set in the parent before workers fork; workers read them instead of receiving copies.
_SHARED: dict[str, Any] = {"parsed": {}, "jobs": []}
"""``render``: (RenderContext, SiteConfig, body cache folder, renderer key); ``parsed``:
Documents the parent already parsed, by source; ``jobs``: the posts to render (their
texts are not pickled to the workers); ``pages``: page jobs."""


def _render_job(job: _Job) -> tuple[str, PostMeta | BylineError, BodyResult | None, str]:
    """Parse (unless the main process already did, see ``_SHARED``) and render one post."""
    from byline.content.parse import parse
    from byline.site.render import render_body

    ctx, site, body_dir, renderer = _SHARED["render"]
    try:
        doc = _SHARED["parsed"].get(job.source)
        if doc is None:
            doc = parse(job.text, Path(job.source), front=job.front)
        meta = meta_from_document(doc, site, job.source, job.digest)
    except BylineError as exc:
        return job.source, exc, None, ""
    body = render_body(doc, ctx)
    deps = repr((sorted(body.link_deps.items()), sorted(body.image_deps.items())))
    text = f"{renderer}\0{job.source}\0{job.digest}\0{deps}"
    key = hashlib.sha256(text.encode()).hexdigest()[:32]
    write_file(body_dir / f"{key}.html", body.html.encode())
    return job.source, meta, body, key


def _render_index(index: int) -> tuple[str, PostMeta | BylineError, BodyResult | None, str]:
    """``_render_job`` of the ``index``-th job the parent shared before forking."""
    job: _Job = _SHARED["jobs"][index]
    return _render_job(job)


def _page_job(index: int) -> list[str]:
    written: list[str] = _SHARED["pages"][index]()
    return written


CHUNK_MAX = 8
"""Jobs a worker takes at a time: few, so both cores stay busy to the end of a phase (with
chunks of 62 posts one core sat idle for up to 0.56 s at the end of the render phase),
but not so few that handing them out costs (about 0.1 ms a chunk)."""


def _chunksize(count: int, workers: int) -> int:
    return max(1, min(CHUNK_MAX, count // (workers * 8)))


def _fork_pool(size: int) -> ProcessPoolExecutor:
    """``size`` forked workers (imported here: a rebuild of a few posts never forks)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(size, mp_context=multiprocessing.get_context("fork"))


def _pool_map(function: Callable[[Any], Any], items: list[Any], size: int) -> list[Any]:
    """``function`` over ``items`` in ``size`` forked workers, results in order."""
    with _fork_pool(size) as pool:
        return list(pool.map(function, items, chunksize=_chunksize(len(items), size)))


def _pool_size(jobs: int, count: int) -> int:
    if jobs == 1 or count < PARALLEL_MIN:
        return 1
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return jobs or os.cpu_count() or 1


class SiteBuilder:
    """Builds one blog into one output folder; call ``build()`` again to rebuild."""

    def __init__(self, blog: Blog, options: BuildOptions | None = None) -> None:
        self.blog = blog
        self.options = options or BuildOptions()
        self.config = blog.config
        self.out = (self.options.out or blog.root / self.config.build.output).resolve()
        check_output_folder(self.out, blog.root, blog.display(self.out))
        self.cache = blog.cache_dir / "site"
        self.state_path = state_file(self.cache, self.out)
        self.state: BuildState | None = None

    # -- the phases ----------------------------------------------------------------------
    def build(self) -> BuildReport:
        """Bring the output folder up to date; returns what was done."""
        report = BuildReport(out=self.out)
        clock = time.perf_counter()
        self.blog.make_state_dir()  # a file in its place: one clear error, not a traceback
        if self.state is None:
            self.state = load_state(self.state_path)
        state = self.state
        today = self.options.today or dt.date.today()
        diagrams = find_prerenderer(self.cache / "mermaid", self.config.build.mermaid)
        renderer = f"{code_key()}:{'mmdc' if diagrams else 'script'}"
        _forget_bodies(state, renderer)
        settings = self._settings_key(code_key(), today)
        previous = state.outputs
        posts, jobs = self._load(state, report)
        visible = self._visible(posts, jobs, today, report)
        links = {Path(s).stem: posts[s].meta.path for s in visible}
        todo = self._stale(posts, jobs, visible, links)
        report.timings["load"] = time.perf_counter() - clock
        unfinished = unfinished_builds(self.blog.state_dir / "writing", self.out)
        if not todo and not unfinished and self._unchanged(state, settings, visible, posts, today):
            report.posts = len(visible)
            report.warnings = self._warnings(posts, visible)
            jobs_of = {job for s in visible for job in posts[s].images}
            report.warnings += self._damaged(damaged_images(jobs_of, self.cache / "img"))
            state.posts = posts
            return report

        journal, unsure = begin_writing(self.blog.state_dir / "writing", self.out, unfinished)
        previous = {**previous, **dict.fromkeys(unsure, "")}  # a killed build's: redone
        with journal:  # closed on an error, its mark kept: the next build redoes its files
            clock = time.perf_counter()
            assets = make_assets(self.blog.static_dir)
            bodies = self._render(posts, todo, visible, links, report, how=(diagrams, renderer))
            report.timings["render"] = time.perf_counter() - clock

            clock = time.perf_counter()
            metas = [posts[s].meta for s in visible]
            report.posts = len(metas)
            site = plan_pages(
                metas, self.config, {s: posts[s].body_key for s in visible}, state.related
            )
            if any("mermaid" in posts[s].features for s in visible):
                assets = mermaid_assets(assets)
            report.timings["plan"] = time.perf_counter() - clock

            clock = time.perf_counter()
            old = previous if settings == state.settings else {}
            outputs = self._write(
                site=site,
                posts=posts,
                bodies=bodies,
                assets=assets,
                settings=settings,
                old=old,
                report=report,
                today=today,
                journal=journal,
            )
            for rel in sorted(set(previous) - set(outputs)):
                if remove_stale(self.out, rel):
                    report.removed.append(rel)
            report.timings["write"] = time.perf_counter() - clock
            report.warnings = [*self._warnings(posts, visible), *report.warnings]  # + images
            state.posts, state.outputs, state.settings = posts, outputs, settings
            state.visible, state.renderer = tuple(visible), renderer
            state.feed_day = _feed_day(site.posts, today)
            save_state(self.state_path, state)
        return report

    def _damaged(self, damaged: dict[str, str]) -> list[str]:
        return [
            f"{self.blog.display(Path(source))}: cannot be read as an image ({said}); "
            "pages show the file as it is. Export it again."
            for source, said in sorted(damaged.items())
        ]

    def _warnings(self, posts: dict[str, PostState], visible: list[str]) -> list[str]:
        return [f"{s}:{line}: {message}" for s in visible for line, message in posts[s].warnings]

    def _unchanged(
        self,
        state: BuildState,
        settings: str,
        visible: list[str],
        posts: dict[str, PostState],
        today: dt.date,
    ) -> bool:
        """Nothing to do: same settings, posts, static files, and every output in place."""
        if settings != state.settings or tuple(visible) != state.visible:
            return False
        if _feed_day([posts[s].meta for s in visible], today) != state.feed_day:
            return False
        if any(posts[s] is not state.posts.get(s) for s in visible):
            return False
        static = self._static_files()
        for rel, file in static.items():
            if state.outputs.get(rel) != f"copy:{file_stat(file)}":
                return False
        # A copied file whose source is gone (a static file deleted) must go too.
        copied = {rel for rel, made in state.outputs.items() if made.startswith("copy:")}
        media = {url.lstrip("/") for s in visible for url in posts[s].copies}
        if not copied <= static.keys() | media:
            return False
        return all((self.out / rel).exists() for rel in state.outputs)

    def _settings_key(self, code: str, today: dt.date) -> str:
        """What every page shows: a change redraws them all (the footer shows the year)."""
        static = self.blog.static_dir
        css = (
            sorted(p.name for p in static.glob("*.css") if not p.name.startswith("."))
            if static.is_dir()
            else []
        )
        parts = [
            __version__,
            code,
            repr(self.config),
            theme_key(self.blog.root / "templates"),
            str(self.options.drafts),
            repr(css),
            str(today.year),
        ]
        return hashlib.sha256("\0".join(parts).encode()).hexdigest()

    def _load(
        self, state: BuildState, report: BuildReport
    ) -> tuple[dict[str, PostState], dict[str, _Job]]:
        """Every post's state: unchanged ones from the last build, changed ones to render."""
        posts: dict[str, PostState] = {}
        jobs: dict[str, _Job] = {}
        for path in self.blog.post_paths():
            source = f"posts/{path.name}"
            stat = file_stat(path)
            old = state.posts.get(source)
            if old is not None and old.stat == stat:
                posts[source] = old
                continue
            try:
                text = read_post(path, source)
            except InputError as exc:
                report.errors.append(exc)
                continue
            digest = digest_of(text)
            if old is not None and old.meta.digest == digest and stat is not None:
                old.stat = stat
                posts[source] = old
                continue
            jobs[source] = _Job(source, text, digest, stat)
            if old is not None:
                posts[source] = old  # replaced after rendering
        return posts, jobs

    def _visible(
        self,
        posts: dict[str, PostState],
        jobs: dict[str, _Job],
        today: dt.date,
        report: BuildReport,
    ) -> list[str]:
        """Sources of the posts on the site; changed posts are judged by their front matter."""
        visible: list[str] = []
        slugs: dict[str, str] = {}
        for source in sorted(set(posts) | set(jobs)):
            job = jobs.get(source)
            if job is not None:
                try:
                    front = job.front = peek_front_matter(job.text, source)
                except InputError as exc:
                    report.errors.append(exc)
                    posts.pop(source, None)
                    del jobs[source]
                    continue
                slug = front.slug or Path(source).stem.lower()
                status, date = front.status, front.date
                if not is_valid_slug(slug):
                    report.errors.append(
                        InputError(
                            f"slug '{slug}' is not usable in a URL. Use lowercase letters, "
                            "digits and hyphens, such as 'fine-tune-llama'.",
                            path=source,
                            line=front.lines.get("slug", 1),
                        )
                    )
                    posts.pop(source, None)
                    del jobs[source]
                    continue
                # Kept with the file's state: a draft or future post that does not change
                # is not read again (its date is judged again on every build).
                posts[source] = PostState(
                    job.stat or (0, 0),
                    _provisional(
                        source,
                        slug=slug,
                        status=status,
                        date=date,
                        config=self.config,
                        digest=job.digest,
                    ),
                )
            meta = posts[source].meta
            path = post_path(self.config.site, meta.slug)  # the one field from byline.toml
            if path != meta.path:  # remembered from before the permalink changed
                meta = posts[source].meta = replace(meta, path=path)
            if not is_visible(meta, today, drafts=self.options.drafts):
                continue
            if meta.slug in slugs:
                report.errors.append(
                    InputError(
                        f"slug '{meta.slug}' is also used by {slugs[meta.slug]}. "
                        "Give one of the posts another slug.",
                        path=source,
                    )
                )
                continue
            slugs[meta.slug] = source
            visible.append(source)
        return visible

    def _stale(
        self,
        posts: dict[str, PostState],
        jobs: dict[str, _Job],
        visible: list[str],
        links: dict[str, str],
    ) -> list[_Job]:
        """Posts whose body must be rendered: changed, or a dependency changed."""
        body_dir = self.cache / "body"
        todo: list[_Job] = []
        stats: dict[str, tuple[int, int] | None] = {}  # an image shown by many posts: one stat
        for source in visible:
            if source in jobs:
                todo.append(jobs[source])
            elif not self._body_fresh(posts[source], links, body_dir, stats):
                text = read_post(self.blog.root / source, source)
                todo.append(_Job(source, text, digest_of(text)))
        return todo

    def _render(
        self,
        posts: dict[str, PostState],
        todo: list[_Job],
        visible: list[str],
        links: dict[str, str],
        report: BuildReport,
        *,
        how: tuple[Prerenderer | None, str],
    ) -> dict[str, str]:
        """Render the stale bodies (in parallel when there are many); returns their HTML."""
        from byline.site.highlight import use_block_cache
        from byline.site.render import RenderContext

        body_dir = self.cache / "body"
        ctx = RenderContext(self.blog.root, self.blog.static_dir, links)
        diagrams, renderer = how
        parsed: dict[str, Document] = {}
        if diagrams is not None:
            # All diagrams go through one mmdc run before any body is rendered; the posts
            # parsed to find them are rendered from that parse (by the workers too).
            parsed = _posts_with_diagrams(todo)
            diagrams.render_all(
                [
                    block.code
                    for doc in parsed.values()
                    for block in doc.code_blocks
                    if block.lang == "mermaid" and block.fenced
                ]
            )
            ctx.mermaid = diagrams.drawing
        _SHARED["render"] = (ctx, self.config.site, body_dir, renderer)
        _SHARED["parsed"] = parsed  # forked workers see them without a copy being sent
        size = _pool_size(self.options.jobs, len(todo))
        try:
            if size > 1:
                use_block_cache(None)
                _SHARED["jobs"] = todo  # so are the posts' texts: workers get indexes
                results = _pool_map(_render_index, list(range(len(todo))), size)
            else:  # a few posts (an edit): highlighted blocks are kept for the next edit
                use_block_cache(self.cache / "code", renderer)
                results = [_render_job(job) for job in todo]
        finally:
            _SHARED["parsed"] = {}
            _SHARED["jobs"] = []
        bodies: dict[str, str] = {}
        for source, meta, body, key in results:
            if isinstance(meta, BylineError) or body is None:
                report.errors.append(
                    meta if isinstance(meta, BylineError) else InputError("failed", path=source)
                )
                posts.pop(source, None)
                visible.remove(source)
                continue
            stat = file_stat(self.blog.root / source) or (0, 0)
            posts[source] = PostState(
                stat=stat,
                meta=meta,
                body_key=key,
                link_deps=body.link_deps,
                image_deps=body.image_deps,
                features=frozenset(body.features),
                warnings=tuple(body.warnings),
                images=tuple(body.images),
                copies=body.copies,
            )
            bodies[source] = body.html
            report.rendered.append(source)
        # A changed post that is not on the site keeps its provisional state (front matter
        # only, no body): the next build reuses it while the file is unchanged.
        return bodies

    def _body_fresh(
        self,
        post: PostState,
        links: dict[str, str],
        body_dir: Path,
        stats: dict[str, tuple[int, int] | None],
    ) -> bool:
        if not post.body_key or not (body_dir / f"{post.body_key}.html").exists():
            return False
        if any(links.get(stem) != path for stem, path in post.link_deps.items()):
            return False
        for path, stat in post.image_deps.items():
            if path not in stats:
                stats[path] = file_stat(path)
            if stats[path] != stat:
                return False
        return True

    # -- writing -------------------------------------------------------------------------
    def _write(
        self,
        *,
        site: SiteMap,
        posts: dict[str, PostState],
        bodies: dict[str, str],
        assets: Assets,
        settings: str,
        old: dict[str, str],
        report: BuildReport,
        today: dt.date,
        journal: Journal,
    ) -> dict[str, str]:
        outputs: dict[str, str] = {}
        writer = Writer(self.out, old, outputs, report, journal)
        env = make_environment(self.blog.root / "templates", self.cache / "templates")
        env.auto_reload = False  # one build, one version of each template: no stat per page
        env.filters["term"] = term_slug
        env.globals.update(
            site=self.config.site,
            author=self.config.author,
            assets=assets.urls,
            extra_css=assets.extra_css,
            year=today.year,
            noindex=False,
            features=frozenset(),
        )
        body_dir = self.cache / "body"

        def body_of(source: str) -> str:
            if source not in bodies:
                path = body_dir / f"{posts[source].body_key}.html"
                bodies[source] = path.read_text(encoding="utf-8")
            return bodies[source]

        page_jobs: list[Callable[[], list[str]]] = []
        _SHARED["pages"] = page_jobs
        for page in site.pages:
            rel = out_file(page.path)
            fingerprint = hashlib.sha256(f"{settings}\0{page.fingerprint}".encode()).hexdigest()
            card = self._card(posts[page.post].meta) if page.post else None
            card_due = card is not None and not writer.fresh(*card)
            page_due = not writer.fresh(rel, fingerprint)
            if page_due or card_due:
                job = self._page_renderer(
                    env,
                    journal,
                    page=page,
                    rel=rel,
                    posts=posts,
                    body_of=body_of,
                    page_due=page_due,
                    card_due=card_due,
                )
                page_jobs.append(job)
        shared = functools.partial(
            self._write_shared,
            site=site,
            posts=posts,
            body_of=body_of,
            assets=assets,
            settings=settings,
            writer=writer,
            today=today,
        )
        mark = len(report.written)
        size = _pool_size(self.options.jobs, len(page_jobs))
        if size > 1:
            # The site-wide files are written here while the workers render the pages,
            # so the parent's part is not a serial tail of the build.
            with _fork_pool(size) as pool:
                chunk = _chunksize(len(page_jobs), size)
                pending = pool.map(_page_job, range(len(page_jobs)), chunksize=chunk)
                shared()
                pages = [rel for written in pending for rel in written]
        else:
            pages = [rel for job in page_jobs for rel in job()]
            shared()
        _SHARED.pop("pages", None)
        report.written[mark:mark] = pages
        return outputs

    def _write_shared(
        self,
        *,
        site: SiteMap,
        posts: dict[str, PostState],
        body_of: Callable[[str], str],
        assets: Assets,
        settings: str,
        writer: Writer,
        today: dt.date,
    ) -> None:
        """Feeds, sitemap, search index, favicons, theme assets, static files, images."""
        visible_posts = site.posts
        day = _feed_day(visible_posts, today)
        newest = [(m, posts[m.source].body_key) for m in visible_posts[:FEED_ITEMS]]
        feed_key = repr((newest, day))
        if not writer.fresh("feed.xml", settings + feed_key) or not writer.fresh(
            "rss.xml", settings + feed_key
        ):
            feed_body = lambda m: body_of(m.source)  # noqa: E731
            writer.write(
                "feed.xml",
                atom_feed(visible_posts, feed_body, self.config, today).encode(),
                settings + feed_key,
            )
            writer.write(
                "rss.xml",
                rss_feed(visible_posts, feed_body, self.config, today).encode(),
                settings + feed_key,
            )
        base = self.config.site.base_url
        writer.put("sitemap.xml", sitemap_xml(site, base).encode())
        writer.put("robots.txt", robots_txt(base).encode())
        writer.put("search.json", search_index(visible_posts).encode())
        writer.put("favicon.svg", favicon_svg(self.config.site.title).encode())
        if not writer.fresh("favicon.ico", settings):
            writer.write("favicon.ico", favicon_ico(self.config.site.title), settings)
        for rel, data in assets.files.items():
            writer.put(rel, data)
        self._copy_static(writer)
        jobs: set[ImageJob] = set()
        copies: dict[str, Path] = {}
        for meta in visible_posts:
            jobs.update(posts[meta.source].images)
            copies.update(posts[meta.source].copies)
        writer.journal.note(*(f"img/{job.name}" for job in jobs))
        made, damaged = make_variants(
            sorted(jobs, key=lambda j: j.name), self.cache / "img", self.out
        )
        for rel in made:
            writer.new[rel] = "variant"
        writer.report.warnings += self._damaged(damaged)
        for url, file in copies.items():
            writer.copy(url.lstrip("/"), file)

    def _page_renderer(
        self,
        env: Any,
        journal: Journal,
        *,
        page: PageSpec,
        rel: str,
        posts: dict[str, PostState],
        body_of: Callable[[str], str],
        page_due: bool,
        card_due: bool,
    ) -> Callable[[], list[str]]:
        out = self.out

        def run() -> list[str]:
            context = dict(page.context, path=page.path)
            written = []
            if page.post and card_due:
                meta, card = posts[page.post].meta, f"cards/{posts[page.post].meta.slug}.png"
                drawn = (meta.title, self.config.author.name, self.config.site.title)
                target = output_file(out, card)
                if not card_in_place(*drawn, cache=self.cache / "cards", target=target):
                    journal.note(card)  # workers share its file
                    write_card(*drawn, cache=self.cache / "cards", target=target)
                    written.append(card)
            if not page_due:
                return written
            if page.post:
                context.update(self._post_context(posts[page.post], body_of(page.post)))
            try:
                html = env.get_template(page.template).render(context)
            except BylineError:
                raise
            except Exception as exc:  # the blog's templates are the user's code
                error = template_error(exc, self.blog.root / "templates")
                if error is None:
                    raise
                raise error from exc
            journal.note(rel)
            write_file(output_file(out, rel), html.encode())
            return [rel, *written]

        return run

    def _card(self, meta: PostMeta) -> tuple[str, str] | None:
        """(output file, fingerprint) of the post's social card; None when it names an image."""
        if meta.image:
            return None
        key = card_key(meta.title, self.config.author.name, self.config.site.title)
        return f"cards/{meta.slug}.png", key

    def _post_context(self, post: PostState, body: str) -> dict[str, Any]:
        meta = post.meta
        base = self.config.site.base_url
        if meta.image:
            image = meta.image if is_http_url(meta.image) else base + "/" + meta.image.lstrip("/")
        else:
            image = f"{base}/cards/{meta.slug}.png"
        return {
            "body": body,
            "toc": table_of_contents(meta) if meta.words >= self.config.build.toc_min_words else [],
            "features": post.features,
            "image_url": image,
            "json_ld": json_ld(meta, self.config, image),
            "noindex": meta.status != "published",
        }

    def _static_files(self) -> dict[str, Path]:
        """The files of ``static/`` that are copied to the site, by output path."""
        static = self.blog.static_dir
        if not static.is_dir():
            return {}
        found: dict[str, Path] = {}
        for folder, dirs, files in os.walk(static):
            dirs[:] = sorted(d for d in dirs if not is_hidden(d))  # a hidden folder: unread
            base = Path(folder)
            for name in sorted(files):
                file = base / name
                if not is_hidden(name) and file.is_file():
                    found[file.relative_to(static).as_posix()] = file
        return found

    def _copy_static(self, writer: Writer) -> None:
        for rel, file in self._static_files().items():
            writer.copy(rel, file)


def _provisional(
    source: str, *, slug: str, status: str, date: dt.date | None, config: Any, digest: str
) -> PostMeta:
    """Enough of a changed post's metadata (from its front matter) to link to it."""
    return PostMeta(
        source=source,
        stem=Path(source).stem,
        slug=slug,
        path=post_path(config.site, slug),
        title=slug,
        description="",
        date=date,
        updated=None,
        status=status,
        type=None,
        tags=(),
        keywords=(),
        series=None,
        words=0,
        canonical_url=None,
        image=None,
        headings=(),
        digest=digest,
    )


def _feed_day(posts: list[PostMeta], today: dt.date) -> dt.date | None:
    """``today`` when the feeds show it (for an undated post among the newest, or as the
    date of an empty feed), so they are written again the next day; else None."""
    newest = heapq.nlargest(FEED_ITEMS, posts, key=lambda m: m.sort_key)
    return today if not newest or any(m.date is None for m in newest) else None


def _forget_bodies(state: BuildState, renderer: str) -> None:
    """Mark cached bodies stale when the code that rendered them changed.

    New code redoes every body; a switch between pre-rendered and in-browser diagrams
    redoes only the bodies with diagrams.
    """
    if state.renderer == renderer:
        return
    same_code = state.renderer.partition(":")[0] == renderer.partition(":")[0]
    for post in state.posts.values():
        if not same_code or "diagram" in post.features:
            post.body_key = ""


def _posts_with_diagrams(todo: list[_Job]) -> dict[str, Document]:
    """The posts about to be rendered that may have a Mermaid fence, parsed (by source)."""
    from byline.content.parse import parse

    parsed: dict[str, Document] = {}
    for job in todo:
        if "mermaid" in job.text:
            try:
                doc = parse(job.text, Path(job.source), front=job.front)
            except BylineError:
                continue  # rendered with the others, which reports the error
            parsed[job.source] = doc
    return parsed


def build_site(blog: Blog, options: BuildOptions | None = None) -> BuildReport:
    """Build ``blog`` once (a fresh ``SiteBuilder``).

    A file the system would not let the build write (a read-only ``.byline/`` or output
    folder, a file where a folder goes, a full disk) is an ``InputError`` naming it.
    """
    try:
        return SiteBuilder(blog, options).build()
    except OSError as exc:
        where = blog.display(Path(exc.filename)) if exc.filename else None
        raise os_error(exc, "build the site", path=where) from None
