"""Python's cyclic garbage collector is run less often while the edition builds.

The edition model (references, glossary, claims, the citation index) stays alive for the whole
build, some hundreds of thousands of objects at 5,000 entries. With CPython's default thresholds
(700, 10, 10) every full collection walks all of them again, and a build's many short-lived
objects (Markdown trees, page HTML) set off about ten: 0.5-0.8 CPU s a build at 200 pages x
5,000 entries x 500 glossary entries, against 0.14 s for plain Material over the same pages.
With (5000, 20, 10) a build runs one or two, 0.3 s in all, and peak memory does not grow
(measured: 158 MB against 159-172 MB). Reference counting frees all but cyclic garbage at once
whatever the thresholds; the collector still runs, only less often. The thresholds a build found
are put back when it ends (on_post_build, or on_build_error), so `mkdocs serve` between builds
and whatever shares the process keep their own."""
import gc

THRESHOLDS = (5000, 20, 10)


def on_config(plugin):
    if plugin.gc_thresholds is None:
        plugin.gc_thresholds = gc.get_threshold()
    gc.set_threshold(*THRESHOLDS)


def on_build_end(plugin):
    if plugin.gc_thresholds is not None:
        gc.set_threshold(*plugin.gc_thresholds)
        plugin.gc_thresholds = None
