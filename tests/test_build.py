"""The build orchestration (generator/build.py): the sitemap, and a SiteBuild driven
without mkdocs."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.build import Settings, SiteBuild
from sitebuild import build

MINI = Path(__file__).parent / "fixtures" / "mini"


@pytest.mark.parametrize("check_links", [True, False])
def test_sitemap_lists_hand_written_pages_with_or_without_the_link_check(tmp_path, check_links):
    result = build(tmp_path, MINI, plugin={"check_links": check_links}, site_url="https://referater.example/")
    assert result.returncode == 0, result.stderr
    sitemap = (tmp_path / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://referater.example/om/</loc>" in sitemap
    assert "<loc>https://referater.example/fora/testforum-nord/2021-06/</loc>" in sitemap
    assert "404" not in sitemap


def test_a_site_build_runs_without_mkdocs(tmp_path):
    """The plugin's events, played by hand: pages to render, their data, the finished site."""
    site = tmp_path / "site"
    run = SiteBuild(Settings(content_dir=MINI, site_dir=site, cache_dir=tmp_path / "cache",
                             site_url="https://referater.example/"))
    run.start()
    to_render = run.pages_to_render()
    assert ("fora/", True) in [(spec.path, nav) for spec, nav in to_render]
    for spec, _ in to_render:
        data = run.data(spec.src_uri)
        assert isinstance(data, dict) and run.data(spec.src_uri) is None  # handed over once
        html = f'<html><a href="/__ROOT__/fora/">Fora</a><h2 id="x">{spec.title}</h2></html>'
        dest = run.output_dir / spec.path / "index.html"
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(run.page_done(f"{spec.path}index.html", spec.src_uri, html), encoding="utf-8")
    assert run.finish() == []
    run.commit()
    meeting = (site / "fora" / "testforum-nord" / "2021-06" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../../fora/"' in meeting  # site links made relative to the page
    assert (site / "search" / "manifest.js").is_file()
    assert "https://referater.example/personer/bo-test/" in (site / "sitemap.xml").read_text(encoding="utf-8")
    assert not list(tmp_path.glob(".referat-search-*"))  # the scratch folder is gone
