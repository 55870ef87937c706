"""tests/conftest.py's copy_data: the copy of the project's data that test_inputs.py and
test_editions.py edit at one path per module. Before each test it must be the project's data
again, whatever the last test did to it, with each file's own modification time (the loaders'
caches are keyed on path and modification time), and leave the files nobody changed alone."""
import os

from conftest import ROOT, copy_data

NAMES = ("refs.bib", "seeds", "glossary")


def listing(root):
    """relative path -> (bytes, modification time) of every file under root's entries of NAMES
    and anything else in root; links and other kinds named."""
    out = {}
    for entry in os.scandir(root):
        if entry.name not in NAMES:
            out[entry.name] = ("not one of NAMES",)
    for folder, dirs, files in (w for name in NAMES for w in _walk(root, name)):
        for name in dirs + files:
            path = os.path.join(folder, name)
            rel = os.path.relpath(path, root)
            if os.path.islink(path):
                out[rel] = ("link", os.readlink(path))
            elif os.path.isfile(path):
                with open(path, "rb") as f:
                    out[rel] = (f.read(), os.stat(path).st_mtime_ns)
            elif not os.path.isdir(path):
                out[rel] = ("special file",)
    return out


def _walk(root, name):
    path = os.path.join(root, name)
    if os.path.isdir(path) and not os.path.islink(path):
        return os.walk(path)
    return [(root, [], [name])]


def test_copy_data_puts_back_what_a_test_changed_and_leaves_the_rest(tmp_path):
    dest = copy_data(tmp_path / "copy", NAMES)
    project = {rel: v for rel, v in listing(ROOT).items() if v != ("not one of NAMES",)}
    assert project and listing(dest) == project, "the first copy is not the project's data with its times"
    untouched = os.stat(dest / "glossary" / "kabul.yml").st_ino

    (dest / "refs.bib").write_text("@misc{edited,}\n", encoding="utf-8")   # edited
    (dest / "glossary" / "farah.yml").unlink()                             # replaced by a link
    (dest / "glossary" / "farah.yml").symlink_to(dest / "refs.bib")
    (dest / "glossary" / "added.yml").write_text("name: Added\n", encoding="utf-8")   # added
    (dest / "glossary" / "x.yml").mkdir()                                  # a folder, a pipe
    os.mkfifo(dest / "glossary" / "pipe.yml")
    (dest / "glossary" / "loop.yml").symlink_to(dest / "glossary" / "loop.yml")
    os.rename(dest / "seeds", tmp_path / "moved")                          # a folder moved away, linked
    (dest / "seeds").symlink_to(tmp_path / "moved")
    (dest / "editions").mkdir()                                            # something else beside

    assert copy_data(tmp_path / "copy", NAMES) == dest
    differ = sorted(set(listing(dest).items()) ^ set(project.items()), key=str)
    assert not differ, f"not put back as the project has it: {[rel for rel, _ in differ][:10]}"
    assert os.stat(dest / "glossary" / "kabul.yml").st_ino == untouched, \
        "a file no test changed was copied again (the caches would still hit, but each test pays for the copy)"
