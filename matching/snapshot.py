"""An index saved once and mapped read-only by every process that ranks: one copy in the page cache per host.

A snapshot is a directory of `.npy` files, one per array of the index's base store and of its fitted text
vectors (a sparse matrix as its data, indices and indptr), and a `manifest.json` that says how they fit
together. It is written under a temporary name and renamed into place, so a reader never sees part of one.
`load` maps the arrays read-only (`np.load(mmap_mode="r")`): every process on the host shares the same pages,
and nothing can write into them. The index over a mapped base keeps its changes in its own small overlay
(`MatchIndex.over`: a delta store for upserts, a private copy of the rows' liveness for removals).

Nothing here names a column: every attribute of the store is saved by its type (array, sparse matrix, dict of
them, or a record of arrays such as `Ragged`), so a column added to the store is saved and mapped as well.
The text vectors' fitted state is every learnt attribute (scikit-learn's trailing underscore) of each
estimator they hold. A snapshot is only loaded by the same engine code and taxonomy that wrote it (its
fingerprint is part of its name); anything else is ignored and a new one has to be built.

Names: `index-<fingerprint>-<epoch>-<version>-<token>`; the newest is the highest (epoch, version).
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import secrets
import shutil
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from matching.index import MatchIndex
from matching.store import Ragged, Store
from matching.taxonomy import Taxonomy, default_taxonomy
from matching.vectors import TextVectors

FORMAT = 1
MANIFEST = "manifest.json"
NAME = re.compile(r"^index-(?P<fingerprint>[0-9a-f]{16})-(?P<epoch>\d{8})-(?P<version>\d{16})-[0-9a-f]{8}$")
TEMPORARY = ".partial-"
ARRAY_NAME = re.compile(r"^a\d{4,}\.npy$")
# Records of arrays a store may hold as a column, by name (a manifest never names a class to import).
RECORDS = {cls.__name__: cls for cls in (Ragged,)}
SPARSE = {"csc": sp.csc_matrix, "csr": sp.csr_matrix}
ENGINE_DIR = Path(__file__).resolve().parent


class SnapshotError(ValueError):
    """A snapshot that cannot be saved or loaded (wrong format, engine or taxonomy, or damaged)."""


@dataclass(frozen=True, slots=True, order=True)
class Snapshot:
    """A snapshot found on disk, ordered by (epoch, version)."""
    epoch: int
    version: int
    path: Path

    @property
    def name(self) -> str:
        return self.path.name


@lru_cache(maxsize=1)
def _engine_digest() -> str:
    digest = hashlib.sha256()
    for path in sorted(ENGINE_DIR.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".csv"):
            digest.update(path.relative_to(ENGINE_DIR).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def fingerprint(taxonomy: Taxonomy | None = None) -> str:
    """What a snapshot must have been written by to be loaded here: this engine's code and data files and
    the taxonomy's skills and sectors (their order is the column layout). Any change means a new build."""
    taxonomy = taxonomy if taxonomy is not None else default_taxonomy()
    digest = hashlib.sha256(f"{FORMAT}\0{_engine_digest()}\0".encode())
    digest.update(repr((list(taxonomy.skills.values()), list(taxonomy.sectors.values()))).encode())
    return digest.hexdigest()[:16]


# --- writing --------------------------------------------------------------------------------------------

class _Writer:
    """Writes arrays as numbered .npy files into one directory and describes each value as a manifest node."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.files = 0
        self.bytes = 0

    def array(self, value: np.ndarray) -> dict:
        name = f"a{self.files:04d}.npy"
        self.files += 1
        with open(self.directory / name, "wb") as fh:
            np.save(fh, np.ascontiguousarray(value), allow_pickle=False)
            fh.flush()
            os.fsync(fh.fileno())
        self.bytes += value.nbytes
        return {"array": name, "dtype": value.dtype.str, "shape": list(value.shape)}

    def node(self, value, where: str) -> dict:
        if isinstance(value, np.ndarray):
            return self.array(value)
        if sp.issparse(value) and value.format in SPARSE:
            return {"sparse": value.format, "shape": list(value.shape),
                    "sorted": bool(value.has_sorted_indices),
                    "parts": {part: self.array(getattr(value, part)) for part in ("data", "indices", "indptr")}}
        if isinstance(value, dict) and all(isinstance(k, str) for k in value):
            return {"dict": {k: self.node(v, f"{where}[{k!r}]") for k, v in value.items()}}
        if dataclasses.is_dataclass(value) and RECORDS.get(type(value).__name__) is type(value):
            return {"record": type(value).__name__,
                    "fields": {f.name: self.node(getattr(value, f.name), f"{where}.{f.name}")
                               for f in dataclasses.fields(value)}}
        if isinstance(value, np.generic):
            value = value.item()
        if value is None or isinstance(value, (bool, int, float, str)):
            return {"value": value}
        raise SnapshotError(f"cannot save {where}: a {type(value).__name__} (add its type to matching/snapshot.py)")

    def attributes(self, obj, where: str) -> dict:
        """Every attribute but those under a leading underscore: values derived from the others, made on use."""
        return {name: self.node(value, f"{where}.{name}") for name, value in vars(obj).items()
                if not name.startswith("_")}

    def vectors(self, vectors: TextVectors) -> dict:
        """The fitted state of the text vectors: what they hold, and of each scikit-learn estimator among it
        only what fit() set (its learnt attributes; the rest are parameters a fresh TextVectors has)."""
        out = {}
        for name, value in vars(vectors).items():
            if hasattr(value, "get_params"):
                learnt = {k: v for k, v in vars(value).items() if k.endswith("_") and not k.startswith("_")}
                out[name] = {"estimator": self.node(learnt, f"vectors.{name}")}
            else:
                out[name] = self.node(value, f"vectors.{name}")
        return out


def save(index: MatchIndex, directory: str | Path, epoch: int, version: int) -> Snapshot:
    """Write `index` (every live row in its base store: a fresh build) as a new snapshot in `directory`,
    atomically, and return it. `epoch` and `version` order snapshots; the caller says what they count."""
    base = index.base_
    if len(index) != int(base.alive.sum()):
        raise SnapshotError("only an index whose rows are all in its base store can be saved (build a fresh one)")
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    token = secrets.token_hex(4)
    partial = directory / f"{TEMPORARY}{token}"
    partial.mkdir()
    try:
        writer = _Writer(partial)
        store = writer.attributes(base, "store")
        vectors = writer.vectors(index.vectors_)
        manifest = {"format": FORMAT, "fingerprint": fingerprint(index.taxonomy_), "epoch": epoch,
                    "version": version, "profiles": len(index), "bytes": writer.bytes,
                    "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                    "store": store, "vectors": vectors}
        with open(partial / MANIFEST, "w", encoding="utf-8") as fh:
            json.dump(manifest, fh, indent=1)
            fh.flush()
            os.fsync(fh.fileno())
        _fsync_dir(partial)
        final = directory / f"index-{manifest['fingerprint']}-{epoch:08d}-{version:016d}-{token}"
        os.rename(partial, final)  # atomic: the snapshot appears whole or not at all
        _fsync_dir(directory)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return Snapshot(epoch, version, final)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# --- finding and reading --------------------------------------------------------------------------------

def snapshots(directory: str | Path, taxonomy: Taxonomy | None = None) -> list[Snapshot]:
    """The complete snapshots in `directory` this engine and taxonomy can load, oldest first."""
    directory = Path(directory)
    if not directory.is_dir():
        return []
    mine = fingerprint(taxonomy)
    found = []
    for entry in os.scandir(directory):
        match = NAME.match(entry.name)
        if match and match["fingerprint"] == mine:
            found.append(Snapshot(int(match["epoch"]), int(match["version"]), Path(entry.path)))
    return sorted(found)


def newest(directory: str | Path, taxonomy: Taxonomy | None = None, epoch: int | None = None,
           max_version: int | None = None) -> Snapshot | None:
    """The newest loadable snapshot, of `epoch` if given, at `max_version` or below if given."""
    fitting = [s for s in snapshots(directory, taxonomy)
               if (epoch is None or s.epoch == epoch) and (max_version is None or s.version <= max_version)]
    return fitting[-1] if fitting else None


class _Reader:
    def __init__(self, directory: Path, mmap: bool):
        self.directory, self.mmap = directory, mmap

    def array(self, node: dict) -> np.ndarray:
        if not ARRAY_NAME.match(node["array"]):  # a file of this snapshot, never a path elsewhere
            raise SnapshotError(f"bad array name in the manifest: {node['array']!r}")
        path = self.directory / node["array"]
        # An empty array cannot be mapped; it is read (and frozen) instead.
        mapped = self.mmap and int(np.prod(node["shape"])) > 0
        value = np.load(path, mmap_mode="r" if mapped else None, allow_pickle=False)
        if value.dtype.str != node["dtype"] or list(value.shape) != node["shape"]:
            raise SnapshotError(f"{path.name} does not match the manifest")
        if not mapped and self.mmap:
            value.flags.writeable = False
        return np.asarray(value)  # a plain ndarray over the same pages (np.memmap slows every operation)

    def node(self, node: dict):
        if "array" in node:
            return self.array(node)
        if "sparse" in node:
            parts = node["parts"]
            matrix = SPARSE[node["sparse"]]((self.array(parts["data"]), self.array(parts["indices"]),
                                             self.array(parts["indptr"])), shape=tuple(node["shape"]), copy=False)
            matrix.has_sorted_indices = node["sorted"]  # known, so scipy never sorts the read-only indices
            return matrix
        if "dict" in node:
            return {k: self.node(v) for k, v in node["dict"].items()}
        if "record" in node:
            return RECORDS[node["record"]](**{k: self.node(v) for k, v in node["fields"].items()})
        return node["value"]


def read_manifest(path: str | Path) -> dict:
    with open(Path(path) / MANIFEST, encoding="utf-8") as fh:
        return json.load(fh)


def load(path: str | Path, taxonomy: Taxonomy | None = None, scorer=None, mmap: bool = True) -> MatchIndex:
    """The index saved at `path`, its arrays mapped read-only (`mmap=False`: read into this process's own
    memory, as every process held its index before snapshots). Changes go to the index's own overlay."""
    path = Path(path)
    try:
        manifest = read_manifest(path)
    except (OSError, ValueError) as error:
        raise SnapshotError(f"{path.name}: no readable manifest ({error})") from error
    if manifest.get("format") != FORMAT or manifest.get("fingerprint") != fingerprint(taxonomy):
        raise SnapshotError(f"{path.name} was written by another engine, taxonomy or format")
    reader = _Reader(path, mmap)
    try:
        columns = {name: reader.node(node) for name, node in manifest["store"].items()}
        vectors = TextVectors()
        for name, node in manifest["vectors"].items():
            if "estimator" in node:
                for attribute, value in reader.node(node["estimator"]).items():
                    setattr(getattr(vectors, name), attribute, value)
            else:
                setattr(vectors, name, reader.node(node))
    except (OSError, ValueError, KeyError) as error:
        raise SnapshotError(f"{path.name} is damaged: {error}") from error
    columns["alive"] = np.array(columns["alive"])  # removals tombstone rows: this process's own copy
    return MatchIndex.over(Store.from_columns(columns), vectors, taxonomy=taxonomy, scorer=scorer)


def prune(directory: str | Path, keep: int = 3, partial_after_s: float = 24 * 3600) -> list[Path]:
    """Delete all but the `keep` most recently written snapshots (whatever wrote them), and partial ones older
    than a day (a writer that died). A process still mapping a deleted snapshot keeps its pages until it
    lets go of them (POSIX unlink semantics; NFS keeps them as .nfs files)."""
    directory = Path(directory)
    if not directory.is_dir():
        return []
    complete, stale = [], []
    for entry in os.scandir(directory):
        match = NAME.match(entry.name)
        if match:
            order = (entry.stat().st_mtime_ns, int(match["epoch"]), int(match["version"]))
            complete.append((order, Path(entry.path)))
        elif entry.name.startswith(TEMPORARY) and time.time() - entry.stat().st_mtime > partial_after_s:
            stale.append(Path(entry.path))
    complete.sort()
    removed = [p for _, p in complete[:max(0, len(complete) - keep)]] + stale
    for p in removed:
        shutil.rmtree(p, ignore_errors=True)
    return removed
