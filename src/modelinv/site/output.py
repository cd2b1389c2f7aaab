"""The output folder: built fresh beside the target, then moved into place.

A build never writes into an existing output folder. Whatever was there (a committed
`site/evil.html` without the CSP, `site/leak.txt -> /etc/passwd`, `site/models ->
/elsewhere`) is never published and never written through: pages go into a new private
folder next to the target, which replaces the target only once complete. A symlinked
output path is refused.

An incremental build keeps a page of the previous output (a hard link into the new folder,
so its bytes are neither read nor written again) only when the previous build's manifest
(`MANIFEST`, signed with a key kept outside the output, in the user's cache folder) lists it
with the same inputs, and the file is still the one that build wrote (same inode, size and
modification time) and a regular file (never a symlink, never reached through one).
Everything else is rendered again.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import hmac
import json
import os
import secrets
import shutil
import stat
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from modelinv.checks.cache import code_hash
from modelinv.support.atomic import write_bytes_atomic
from modelinv.support.bounded_read import ReadRefused, read_regular

MANIFEST = ".modelinv-build.json"
FORMAT = 5  # 2: each page also records its file's identity (stamp); 3: and a quick key;
# 4: model pages' digests are of marshalled values, no longer of their repr; 5: and a
# local key
KEY_FILE = "site-manifest.key"


Digest = Literal["inputs", "quick", "local"]  # which of a page's digests (see `Kept`)


class OutputError(Exception):
    """The output folder cannot be used (a symlink, a file, the catalog's own folder)."""


def check_output(out: Path, catalog_dir: Path) -> None:
    """Refuse an output path that is a symlink or runs through one (below the current
    folder), that is not a folder, or that holds the catalog or the current folder: the
    build replaces the whole folder."""
    absolute = absolute_path(out)
    here = Path.cwd()
    if absolute.is_relative_to(here):
        parts = absolute.relative_to(here).parts
        for depth in range(1, len(parts) + 1):
            _not_symlink(here.joinpath(*parts[:depth]), out)
    else:
        _not_symlink(absolute, out)
    if absolute.exists() and not absolute.is_dir():
        raise OutputError(f"--out {out}: exists and is not a folder")
    catalog = absolute_path(catalog_dir)
    if here.is_relative_to(absolute) or catalog.is_relative_to(absolute):
        raise OutputError(
            f"--out {out}: the build replaces this folder as a whole, and it holds "
            "the catalog or the current folder; choose a folder of its own, e.g. --out site"
        )
    if absolute.resolve().is_relative_to(catalog.resolve()):
        raise OutputError(
            f"--out {out}: inside the catalog folder {catalog_dir}, where the site's files "
            "would be read as catalog files; choose a folder outside it, e.g. --out site"
        )


def _not_symlink(path: Path, shown: Path) -> None:
    if path.is_symlink():
        raise OutputError(
            f"--out {shown}: {path} is a symbolic link; the site is only written to a "
            "real folder (remove the link or choose another --out)"
        )


@dataclass(frozen=True, slots=True)
class Kept:
    """What the manifest knows of one page: a digest of its inputs, the sha256 of its bytes,
    the file's identity when it was written (inode, size, modification time in ns) and,
    for a model page, a `quick` digest: of the page's own inputs and of the whole catalog's
    links and relations instead of its dependency section (which is costly to work out and
    is the same whenever those are), and a `local` one: of its own inputs and of the links
    and relations its dependency section is made from (`site.graph.GraphKeys`)."""

    inputs: str
    sha256: str
    stamp: str
    quick: str = ""
    local: str = ""


def stamp_of(info: os.stat_result) -> str:
    return f"{info.st_ino}:{info.st_size}:{info.st_mtime_ns}"


@dataclass
class Previous:
    """The previous build's pages that may be kept instead of rendered."""

    root: Path
    pages: dict[str, Kept] = field(default_factory=dict)
    topology: str = ""  # the model pages' topology digest then ("" unknown)
    _folders: dict[str, bool] = field(default_factory=dict)  # folder -> real, not a link

    def keep(self, name: str, inputs: str, staging: Path, *, by: Digest = "inputs") -> Kept | None:
        """Hard-link the previous page into `staging` (a copy where links are not possible)
        when its digest `by` was `inputs` (its inputs, quick or local digest), it is a
        regular file reached through real folders only, and it is the very file the signed
        manifest recorded: same inode, size and modification time, so its bytes were not
        read, only its identity checked. A file changed, replaced or touched since is
        rendered again. None when not kept."""
        known = self.pages.get(name)
        if known is None or getattr(known, by) != inputs or not inputs:
            return None
        folder, _, _ = name.rpartition("/")
        if not self._real_folder(folder):
            return None
        # Paths as text: a rebuild keeps ~10,000 pages, and two pathlib joins a page cost
        # more than the system calls.
        path = f"{self.root}/{name}"
        try:
            info = os.lstat(path)
        except OSError:
            return None
        if not stat.S_ISREG(info.st_mode) or stamp_of(info) != known.stamp:
            return None
        target = f"{staging}/{name}"
        try:
            os.link(path, target, follow_symlinks=False)
            linked = os.lstat(target)
        except OSError:
            return self._copy(Path(path), Path(target), known)
        if not stat.S_ISREG(linked.st_mode) or stamp_of(linked) != known.stamp:
            Path(target).unlink()  # swapped for something else since it was checked
            return None
        return known

    def _real_folder(self, folder: str) -> bool:
        """`folder` (under the previous output) and every folder on the way are real
        folders, not symbolic links."""
        if folder in self._folders:
            return self._folders[folder]
        real = True
        path = self.root
        for part in folder.split("/") if folder else ():
            path = path / part
            try:
                info = os.lstat(path)
            except OSError:
                real = False
                break
            if not stat.S_ISDIR(info.st_mode):
                real = False
                break
        self._folders[folder] = real
        return real

    @staticmethod
    def _copy(path: Path, target: Path, known: Kept) -> Kept | None:
        """The page copied (another file system, no hard links): its bytes must still be
        the recorded ones."""
        try:
            data = path.read_bytes()
        except OSError:
            return None
        if hashlib.sha256(data).hexdigest() != known.sha256:
            return None
        info = write_file(target.parent, target.name, data, 0o666 & ~_umask())
        return dataclasses.replace(known, stamp=stamp_of(info))


def read_previous(out: Path, tool: str, key: bytes | None) -> Previous:
    """The previous manifest, when signed with `key` by the same tool; else nothing."""
    previous = Previous(out)
    if key is None:
        return previous
    path = out / MANIFEST
    with contextlib.suppress(OSError, ValueError, TypeError, KeyError):
        if path.is_symlink() or not path.is_file():
            return previous
        raw = json.loads(path.read_bytes())
        body = json.dumps(raw["manifest"], sort_keys=True, separators=(",", ":")).encode()
        if not hmac.compare_digest(raw["signature"], sign(key, body)):
            return previous
        manifest = raw["manifest"]
        if manifest["format"] != FORMAT or manifest["tool"] != tool:
            return previous
        previous.topology = str(manifest.get("topology", ""))
        previous.pages = {
            str(name): Kept(str(inputs), str(sha), str(stamp), str(quick), str(local))
            for name, (inputs, sha, stamp, quick, local) in manifest["pages"].items()
        }
    return previous


def sign(key: bytes, body: bytes) -> str:
    """The hex HMAC-SHA256 of `body` under `key` (the page manifest's, the kept history's)."""
    return hmac.new(key, body, hashlib.sha256).hexdigest()


def read_signed(path: Path, key: bytes, max_bytes: int) -> bytes | None:
    """The body of a file `write_signed` wrote with `key`; None when there is none, it is
    not a plain file of ours, or its signature does not check (written by anyone else,
    or edited)."""
    try:
        data = read_regular(path, max_bytes)
    except ReadRefused:
        return None
    signature, _, body = data.partition(b"\n")
    return body if hmac.compare_digest(signature, sign(key, body).encode()) else None


def write_signed(path: Path, key: bytes, body: bytes) -> None:
    """Write `body` after its signature (mode 0600, atomically); a file that cannot be
    written is left as it was: what the build keeps in the cache folder only saves time."""
    with contextlib.suppress(OSError):
        signed = (sign(key, body).encode(), b"\n", body)
        write_bytes_atomic(path, signed, 0o600, durable=False)  # a cache


def output_key(*parts: str | bytes) -> str:
    """A digest of what a file is made from (`parts`: text and bytes, each taken whole)
    and of modelinv's own code (`checks.cache.code_hash`: the report renderers live outside
    the site package, which `read_previous`'s tool digest covers): the inputs digest of a
    report file or page a build keeps when it is the previous build's."""
    hasher = hashlib.blake2b(code_hash().encode(), digest_size=20)
    for part in parts:
        # surrogatepass: a file name that is not UTF-8 (kept as lone surrogates) is in a
        # report's list of files left out; each text still has bytes of its own
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "little"))
        hasher.update(data)
    return hasher.hexdigest()


def catalog_digest(catalog: Path) -> str:
    """A short digest of a catalog folder's real path: what names the files a build keeps
    for one catalog in a cache folder several catalogs may share (the user's default)."""
    return hashlib.sha256(os.fsencode(str(catalog.resolve()))).hexdigest()[:24]


def manifest_key(cache_dir: Path | None) -> bytes | None:
    """The key that signs manifests: created once in the cache folder (mode 0600) and never
    written into the output, so a manifest committed along with the output is not trusted.
    None (no reuse) when there is no cache folder to keep it in."""
    if cache_dir is None:
        return None
    path = cache_dir / KEY_FILE
    with contextlib.suppress(OSError):
        if not path.is_symlink() and path.is_file():
            data = path.read_bytes()
            if len(data) == 32:
                return data
        cache_dir.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cache_dir, prefix=f".{KEY_FILE}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(secrets.token_bytes(32))
        Path(tmp).replace(path)
        data = path.read_bytes()
        return data if len(data) == 32 else None
    return None


class Staging:
    """A fresh private folder beside `out` that pages are streamed into; `publish` moves it
    into place, `discard` removes it."""

    def __init__(self, out: Path, tool: str, key: bytes | None) -> None:
        absolute = absolute_path(out)
        self.out = absolute
        self.tool = tool
        self.key = key
        try:
            absolute.parent.mkdir(parents=True, exist_ok=True)
            self.root = Path(tempfile.mkdtemp(prefix=f".{absolute.name}.", dir=absolute.parent))
        except OSError as exc:
            raise OutputError(
                f"--out {out}: cannot create the new site's folder beside it in "
                f"{absolute.parent} ({exc.strerror or exc})"
            ) from None
        self.pages: dict[str, tuple[str, str, str, str, str]] = {}
        self.topology = ""  # the model pages' topology digest, for the next build
        self.files: list[str] = []
        self._folders: set[str] = set()
        self.mode = 0o666 & ~_umask()

    def write(self, name: str, data: bytes, inputs: str | None = None) -> None:
        """Write one file of the site; with `inputs` (a digest of what the page is rendered
        from) it goes into the manifest, so a later build may reuse it."""
        folder, _, _ = name.rpartition("/")
        if folder and folder not in self._folders:
            (self.root / folder).mkdir(parents=True, exist_ok=True)
            self._folders.add(folder)
        info = write_file(self.root, name, data, self.mode)
        if inputs is None:
            self.files.append(name)
        else:
            self.record(name, Kept(inputs, hashlib.sha256(data).hexdigest(), stamp_of(info)))

    def folder(self, name: str) -> None:
        """Create a folder of the site (workers then write into it)."""
        if name not in self._folders:
            (self.root / name).mkdir(parents=True, exist_ok=True)
            self._folders.add(name)

    def write_pieces(self, name: str, pieces: Iterable[bytes]) -> None:
        """Write one file of the site from its bytes in pieces (a large file is never held
        whole)."""
        folder, _, _ = name.rpartition("/")
        if folder and folder not in self._folders:
            (self.root / folder).mkdir(parents=True, exist_ok=True)
            self._folders.add(folder)
        write_pieces(self.root, name, pieces, self.mode)
        self.files.append(name)

    def keep(self, name: str, inputs: str, previous: Previous) -> bool:
        """Keep the previous build's page `name` when its inputs were `inputs` (see
        `Previous.keep`); False when it has to be rendered."""
        folder, _, _ = name.rpartition("/")
        if folder and folder not in self._folders:
            (self.root / folder).mkdir(parents=True, exist_ok=True)
            self._folders.add(folder)
        kept = previous.keep(name, inputs, self.root)
        if kept is not None:
            self.record(name, kept)
        return kept is not None

    def record(self, name: str, page: Kept | None) -> None:
        """Note a file written into the folder (by this process or a worker); a page with
        its inputs goes into the manifest, so a later build may keep it."""
        self.files.append(name)
        if page is not None:
            self.pages[name] = (page.inputs, page.sha256, page.stamp, page.quick, page.local)

    def publish(self) -> None:
        """Write the manifest, then put the folder where the output belongs; the previous
        output (and anything planted in it) is deleted, never followed."""
        if self.key is not None:
            manifest = {
                "format": FORMAT,
                "tool": self.tool,
                "pages": self.pages,
                "topology": self.topology,
            }
            body = json.dumps(manifest, sort_keys=True, separators=(",", ":")).encode()
            signed = {"manifest": manifest, "signature": sign(self.key, body)}
            text = json.dumps(signed, sort_keys=True, separators=(",", ":")) + "\n"
            self.write(MANIFEST, text.encode())
        self.root.chmod(0o777 & ~_umask())
        old: Path | None = None
        try:
            if os.path.lexists(self.out):
                if self.out.is_symlink():
                    raise OutputError(f"{self.out} became a symbolic link during the build")
                parent = self.out.parent
                old = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.old.", dir=parent))
                self.out.replace(old / "site")
            self.root.replace(self.out)
        except OSError as exc:
            if old is not None and (old / "site").exists() and not os.path.lexists(self.out):
                (old / "site").replace(self.out)  # put the previous site back
            raise OutputError(
                f"cannot move the new site into {self.out} ({exc.strerror or exc})"
            ) from None
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)

    def discard(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


def write_file(root: Path, name: str, data: bytes, mode: int) -> os.stat_result:
    """Create `root/name` (it must not exist: the folder is new, so nothing planted there
    can be written through); its status once written."""
    fd = os.open(f"{root}/{name}", os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, mode)
    try:
        view = memoryview(data)
        while view:  # os.write may write less than asked
            view = view[os.write(fd, view) :]
        return os.fstat(fd)
    finally:
        os.close(fd)


def tree_size(root: Path) -> int:
    """The bytes of every file under `root` (links are not followed; the site has none)."""
    total = 0
    with os.scandir(root) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                total += tree_size(Path(entry.path))
            else:
                total += entry.stat(follow_symlinks=False).st_size
    return total


def write_pieces(root: Path, name: str, pieces: Iterable[bytes], mode: int) -> None:
    """Create `root/name` (as `write_file`) from its bytes in pieces, written as they come."""
    fd = os.open(f"{root}/{name}", os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, mode)
    with os.fdopen(fd, "wb") as handle:
        for piece in pieces:
            handle.write(piece)


def absolute_path(path: Path) -> Path:
    """`path` made absolute and normalised without following symbolic links (what
    `Path.resolve` would do, hiding the very links to refuse)."""
    return Path(os.path.normpath(path.absolute()))


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
