"""What tally's python.so calls: discovery of benchmark files and the cell
lifecycle (start_cell, then prepare/work per iteration, then finish_cell),
one cell per forked process. Regions are counted by the builtin module
_tally (region_begin/region_end), which counts only inside work().
"""

import contextlib
import gc
import importlib.machinery
import importlib.util
import itertools
import json
import os
import random
import re
import shutil
import sys
import tempfile
import traceback
import types
import uuid

import benchmark_base
import tally

__all__ = ["BenchmarkFileError", "discover", "start_cell", "prepare", "work",
           "finish_cell", "after_fork", "describe_exception"]

# Benchmark files must get these modules, whatever sits next to them.
_OWN_MODULES = {"benchmark_base": benchmark_base, "tally": tally}
_NO_BENCHMARK = ("no benchmark in it (no main() registering BenchmarkBase instances "
                 "via collect_all(), no @tally.benchmark class)")


class BenchmarkFileError(Exception):
    """A benchmark file cannot be used; str() is one line starting with its path."""


class _Found:
    """One benchmark of a file: a BenchmarkBase instance or a decorated class."""

    def __init__(self, kind, target, line, info, params=None):
        self.kind, self.target, self.line, self.info = kind, target, line, info
        # {name: tally.Param}: a native class's params, or the tally_params
        # of a PyTorch-style instance's class.
        self.params = params if params is not None else {}

    def __str__(self):
        at = f"line {self.line}" if self.line else "outside the file"
        if self.kind == "native":
            return f"class {self.target.__name__} at {at}"
        return f"{type(self.target).__name__} instance registered at {at}"


# ---------------------------------------------------------------- errors

def _code_name(path):
    """The file name a benchmark file's code carries: fixed, whatever folder
    tally staged it in. Dynamo matches code file names against its skip
    rules (regular expressions, dicts of names), so a random staging folder
    in them moved the counts by thousands of instructions between runs."""
    return "/tally/bench/" + os.path.basename(path)


def _same_file(filename, path):
    return bool(filename) and (
        filename == _code_name(path)
        or os.path.realpath(filename) == os.path.realpath(path))


def _first_line(exc):
    if isinstance(exc, SystemExit):
        return f"sys.exit({exc.code!r}) called"
    if isinstance(exc, SyntaxError):
        return exc.msg if exc.msg else ""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return lines[0] if lines else ""


def _one_line(exc):
    text = _first_line(exc)
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _frames(exc):
    return [(frame.f_code.co_filename, line)
            for frame, line in traceback.walk_tb(exc.__traceback__)]


def _location(exc, path):
    """(file, line) of the deepest frame in `path`, else of the last frame."""
    if isinstance(exc, SyntaxError) and exc.filename and exc.lineno:
        if _same_file(exc.filename, path):
            return path, exc.lineno
    frames = _frames(exc)
    in_file = [(path, line) for name, line in frames if _same_file(name, path)]
    if in_file:
        return in_file[-1]
    return frames[-1] if frames else (None, None)


def _file_error(exc, path):
    if isinstance(exc, SyntaxError) and not _same_file(exc.filename, path):
        text = f"{type(exc).__name__}: {exc}"  # in an imported file: say which
    else:
        text = _one_line(exc)
    where, line = _location(exc, path)
    return f"{path}:{line}: {text}" if where == path else f"{path}: {text}"


def describe_exception(exc, path):
    """'<ExcType>: <message> (at <file>:<line>)', located in the benchmark
    file `path` when a traceback frame is in it."""
    where, line = _location(exc, path)
    text = _one_line(exc)
    return f"{text} (at {where}:{line})" if where else text


# ---------------------------------------------------------------- loading

def _module_name(path):
    stem = os.path.splitext(os.path.basename(path))[0]
    return "tally_bench_" + re.sub(r"\W", "_", stem)


def _exec_file(path, name):
    """Runs the file at `path` as module `name`."""
    with open(path, "rb") as f:
        source = f.read()
    code_name = _code_name(path)
    module = types.ModuleType(name)
    module.__file__ = code_name
    sys.modules[name] = module  # dataclasses, typing etc. look it up
    try:
        exec(compile(source, code_name, "exec", dont_inherit=True), vars(module))
    except BaseException:
        sys.modules.pop(name, None)
        raise
    return module


def _forget_new_modules(before, folder, name):
    """Drops the file's module and the siblings it imported, so that the next
    file (or the cell's re-discovery) gets fresh ones."""
    siblings = set()
    for mod_name in set(sys.modules) - before:
        if "." in mod_name or mod_name in _OWN_MODULES:
            continue
        origin = getattr(sys.modules[mod_name], "__file__", None)
        if not isinstance(origin, str):
            continue
        if origin.endswith("__init__.py"):
            origin = os.path.dirname(origin)
        if os.path.dirname(os.path.abspath(origin)) == folder:
            siblings.add(mod_name)
    for mod_name in set(sys.modules) - before:
        if mod_name == name or mod_name.split(".")[0] in siblings:
            del sys.modules[mod_name]


def _load(path, keep=False):
    """Runs the file (and its main()) and returns its benchmarks as _Found.
    keep=True (a cell) leaves its folder on sys.path and its modules loaded."""
    folder = os.path.dirname(os.path.abspath(path))
    name = _module_name(path)
    saved_argv = getattr(sys, "argv", None)  # an embedded interpreter may lack it
    saved_path, before = list(sys.path), set(sys.modules)
    sys.modules.update(_OWN_MODULES)
    sys.path.insert(0, folder)
    benchmark_base._registered = registered = []
    try:
        module = _exec_file(path, name)
        if callable(getattr(module, "main", None)):
            sys.argv = [path, os.devnull]  # PyTorch's main() reads the CSV path
            module.main()
        return _collect(path, module, registered)
    except BenchmarkFileError:
        raise
    except (Exception, SystemExit) as exc:
        raise BenchmarkFileError(_file_error(exc, path)) from exc
    finally:
        benchmark_base._registered = None
        if saved_argv is None:
            vars(sys).pop("argv", None)
        else:
            sys.argv = saved_argv
        if not keep:
            sys.path[:] = saved_path
            _forget_new_modules(before, folder, name)
        elif sys.path and sys.path[0] == folder:
            # Last while the cell runs: the imports Dynamo makes inside the
            # counted region then find their modules before they reach the
            # staging folder, whose random name would move the counts.
            sys.path.append(sys.path.pop(0))


# ---------------------------------------------------------------- collecting

def _check_benchmark_name(value, path, line):
    if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z0-9_.-]+", value):
        where = f"{path}:{line}" if line else path
        raise BenchmarkFileError(
            f"{where}: benchmark name {value!r} from name() must match [A-Za-z0-9_.-]+")


def _pytorch_params(path, instance, line):
    """tally's extension of PyTorch's API: typed params declared by the
    instance's class as `tally_params = {"n": tally.Param(...)}`."""
    try:
        return benchmark_base.declared_params(type(instance))
    except (TypeError, ValueError) as exc:
        where = f"{path}:{line}" if line else path
        raise BenchmarkFileError(f"{where}: {_one_line(exc)}") from exc


def _point(instance, method, private, default):
    """An accessor's value; 2024 files may shadow it with a plain attribute
    (basic_modules: self.backend = "eager")."""
    value = getattr(instance, method, None)
    if callable(value):
        value = value()
    elif value is None:
        value = getattr(instance, private, None)
    return default if value in (None, "") else value


def _pytorch_found(path, instance, line):
    name = instance.name()
    _check_benchmark_name(name, path, line)
    params = _pytorch_params(path, instance, line)
    ct = instance.compile_time_instruction_count_enabled()
    info = {"name": name, "description": str(instance.description() or ""),
            "result_name": name, "backends": [str(_point(instance, "backend", "_backend", "eager"))],
            "devices": [str(_point(instance, "device", "_device", "cpu"))],
            "dynamic": [bool(_point(instance, "is_dynamic", "_dynamic", False))],
            "regions": [tally.COMPILE_TIME] if ct else [],
            "params": [p.to_dict() for p in params.values()],
            "kind": "pytorch", "iterations": int(instance._num_iterations)}
    return _Found("pytorch", instance, line, info, params)


def _point_name(stem, backend, device, dynamic):
    """PyTorch's row name for one matrix point: <stem>_<backend>[_dynamic]
    [_gpu] (another device than cpu and cuda adds its own name)."""
    name = f"{stem}_{backend}" + ("_dynamic" if dynamic else "")
    if device == "cuda":
        return name + "_gpu"
    return name if device == "cpu" else f"{name}_{device}"


def _native_found(cls):
    """One benchmark per matrix point, named as PyTorch names its rows, as an
    instance of PyTorch's BenchmarkBase is one: a config selects them by name
    (`basic_InlineMod_*`) and its matrix picks the points."""
    spec = cls.__tally_benchmark__
    params = [p.to_dict() for p in spec.params.values()]
    found = []
    for backend in spec.backends:
        for device in spec.devices:
            for dynamic in spec.dynamic:
                name = _point_name(spec.name, backend, device, dynamic)
                info = {"name": name, "description": spec.description,
                        "result_name": name, "backends": [backend],
                        "devices": [device], "dynamic": [dynamic],
                        "regions": list(spec.regions), "params": params,
                        "kind": "native", "iterations": None}
                found.append(_Found("native", cls, spec.line, info, spec.params))
    return found


def _collect(path, module, registered):
    found = [_pytorch_found(path, inst, line if _same_file(filename, path) else None)
             for inst, line, filename in registered]
    for obj in vars(module).values():
        if (isinstance(obj, type) and "__tally_benchmark__" in vars(obj)
                and obj.__module__ == module.__name__):
            found += _native_found(obj)
    if not found:
        raise BenchmarkFileError(f"{path}: {_NO_BENCHMARK}")
    seen = {}
    for item in found:
        first = seen.setdefault(item.info["name"], item)
        if first is not item:
            where = f"{path}:{item.line}" if item.line else path
            raise BenchmarkFileError(
                f"{where}: duplicate benchmark name {item.info['name']!r}: "
                f"{item} and {first}")
    return found


def discover(path):
    """Loads the benchmark file at `path` and returns one dict per benchmark; raises BenchmarkFileError with a one-line
    message."""
    return [item.info for item in _load(path)]


# ---------------------------------------------------------------- cells

class _CellState:
    def __init__(self, path, found, target, saved_path, saved_modules):
        self.path, self.found, self.target = path, found, target
        self.saved_path, self.saved_modules = saved_path, saved_modules
        self.counts_compile = tally.COMPILE_TIME in found.info["regions"]


_state = None


def _pick(found, name, path):
    for item in found:
        if item.info["name"] == name:
            return item
    names = ", ".join(item.info["name"] for item in found)
    raise BenchmarkFileError(f"{path}: no benchmark named {name!r} (it has: {names})")


def _check_cell(item, backend, device, dynamic):
    info = item.info
    for key, value in (("backends", backend), ("devices", device), ("dynamic", dynamic)):
        if value not in info[key]:
            raise ValueError(f"benchmark {info['name']!r}: {key} {info[key]!r} "
                             f"has no {value!r}")


def _skip_if_missing(device):
    kind = str(device).split(":")[0]
    if kind == "cpu":
        return
    import torch

    backend = getattr(torch, kind, None)
    if backend is not None and not backend.is_available():
        raise tally.SkipCell(f"{kind.upper()} not available: torch {torch.__version__} "
                             f"reports torch.{kind}.is_available() == False")


def _cell_params(item, given):
    params = item.params
    unknown = sorted(set(given) - set(params))
    if unknown:
        raise ValueError(f"benchmark {item.info['name']!r} has no param {unknown[0]!r}; "
                         f"its params: {sorted(params) or 'none'}")
    return {n: p.coerce(given[n]) if n in given else p.default for n, p in params.items()}


def start_cell(path, name, cell):
    """Loads `path` afresh and runs prepare_once of benchmark `name` for `cell`
    ({"backend","device","dynamic","threads","params"}); returns its info dict.
    The params, typed and with defaults filled, reach a native benchmark as
    cell.params and a PyTorch-style one that declares `tally_params` as
    self.params (set before _prepare_once()). Raises tally.SkipCell when the
    cell cannot run here."""
    global _state, _cell_alias
    if _state is not None:
        finish_cell()
    if _cell_alias is None and not os.environ.get("TALLY_STAGE_FIXED"):
        # Where tally shows the stage at a fixed path, its names are fixed.
        _cell_alias = _claim_alias(_private_folder(), json.dumps(
            [os.path.basename(path), name, cell], sort_keys=True, default=str))
    _fresh_caches()  # before prepare_once, which may compile
    saved_path, saved_modules = list(sys.path), set(sys.modules)
    try:
        item, target = _start(path, name, cell)
    except BaseException:
        _restore(path, saved_path, saved_modules)
        raise
    _state = _CellState(path, item, target, saved_path, saved_modules)
    return item.info


def _restore(path, saved_path, saved_modules):
    sys.path[:] = saved_path
    _forget_new_modules(saved_modules, os.path.dirname(os.path.abspath(path)),
                        _module_name(path))


def _start(path, name, cell):
    item = _pick(_load(path, keep=True), name, path)
    backend, device, dynamic = cell["backend"], cell["device"], bool(cell["dynamic"])
    _check_cell(item, backend, device, dynamic)
    params = _cell_params(item, cell.get("params") or {})
    _skip_if_missing(device)
    threads = cell.get("threads")
    if threads and "torch" in sys.modules:
        sys.modules["torch"].set_num_threads(int(threads))
    if item.kind == "native":
        target = item.target()
        if hasattr(target, "prepare_once"):
            target.prepare_once(tally.Cell(name, backend, device, dynamic, threads, params))
    else:
        target = item.target
        if benchmark_base.declares_params(type(target)):
            target.params = params  # typed, defaults filled, before _prepare_once
        target._prepare_once()
    return item, target


def _current():
    if _state is None:
        raise RuntimeError("no cell started: call start_cell() first")
    return _state


def _fresh_caches():
    """Inductor's and Triton's on-disk caches, and tempfile's folder, in the
    cell's private folder (inside the stage tally makes TMPDIR), emptied
    before every iteration: each iteration is a cold compile, and nothing of
    another run is read. Paths go through the folder's fixed alias."""
    real = _private_folder()
    shutil.rmtree(real, ignore_errors=True)
    os.makedirs(os.path.join(real, "tmp"))
    root = _cell_alias or real
    tempfile.tempdir = os.path.join(root, "tmp")
    os.environ["TORCHINDUCTOR_CACHE_DIR"] = os.path.join(root, "inductor")
    os.environ["TRITON_CACHE_DIR"] = os.path.join(root, "triton")
    utils = sys.modules.get("torch._inductor.utils")
    if utils is not None and hasattr(utils, "clear_inductor_caches"):
        utils.clear_inductor_caches()


def _private_folder():
    return os.path.join(os.environ.get("TMPDIR") or "/tmp", "tally-cache")


ALIASES = "/tmp/tally-cells"
_cell_alias = None
_alias_locks = []


ALIAS_WAIT_POLLS = 3000  # x 0.2 s: how long a cell waits for its slot


def _claim_alias(real, identity):
    """A path for `real` that is the same in every run: a symlink in
    ALIASES named after the cell, held with a lock for this process's life
    (released however it ends). tally's stage folder has a random name, and
    Inductor names its generated modules and files after paths under its
    cache: their strings' hashes moved inductor cells by up to 2,000
    instructions between runs. Where the same cell runs at once elsewhere,
    this one waits for the slot (up to 10 minutes, not counted), since
    another slot's name would count differently; then it takes the next
    slot. None where ALIASES cannot be used: counts may then move as
    before.

    Whatever depends on what earlier runs left in ALIASES (whether the
    folder, a slot's old link or its lock file exist) happens in
    short-lived children: this process runs the same code, and so leaves
    the same heap to the counted iterations, on a machine's first run of a
    cell and on every later one. Before, the first run's counts differed
    from the rest by up to 25,000 instructions."""
    import hashlib
    digest = hashlib.sha256(identity.encode()).hexdigest()[:16]
    slots = [os.path.join(ALIASES, f"{digest}-{slot:02d}") for slot in range(16)]
    if not _in_child(_wait_for_slot, slots[0] + ".lock"):
        return None
    for alias in slots:
        if _take_slot(real, alias):
            return alias
    return None


def _in_child(action, *args):
    """Runs action(*args) in a forked child; whether it returned True. The
    child's heap, and whichever paths it took, end with it."""
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            code = 0 if action(*args) else 1
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    return status == 0


def _wait_for_slot(lock_path):
    """Makes ALIASES (shared like /tmp) and waits until no process holds
    `lock_path` (ALIAS_WAIT_POLLS tries, 0.2 s apart); False if ALIASES
    cannot be used. Every cell runs it, waiting or not."""
    import fcntl
    import time
    try:
        os.makedirs(ALIASES, exist_ok=True)
        if os.stat(ALIASES).st_uid == os.getuid():
            os.chmod(ALIASES, 0o1777)
        fd = os.open(lock_path, os.O_RDONLY | os.O_CREAT, 0o666)
    except OSError:
        return False
    for poll in range(ALIAS_WAIT_POLLS):
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except BlockingIOError:
            if poll == 0:
                print("tally: the same cell runs elsewhere; waiting for "
                      + lock_path[:-len(".lock")], file=sys.stderr)
            time.sleep(0.2)
    return True


def _link_alias(alias, real):
    """Points `alias` at `real`, replacing an earlier run's link."""
    try:
        if os.path.lexists(alias):
            os.unlink(alias)
        os.symlink(real, alias)
    except OSError:
        return False
    return True


def _take_slot(real, alias):
    """Locks `alias`'s slot and points it at `real`; False if another
    process holds it or it cannot be used."""
    import fcntl
    try:
        fd = os.open(alias + ".lock", os.O_RDONLY | os.O_CREAT, 0o666)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return False
    if not _in_child(_link_alias, alias, real):
        os.close(fd)
        return False
    _alias_locks.append(fd)
    return True


def prepare():
    """Before each iteration: fresh caches, the benchmark's prepare, then a
    full collection; compile-time cells then run work() with GC off, as
    PyTorch counts them."""
    state = _current()
    gc.enable()
    _fresh_caches()
    if state.found.kind == "native":
        if hasattr(state.target, "prepare"):
            state.target.prepare()
    else:
        state.target._prepare()
    gc.collect()
    if state.counts_compile:
        gc.disable()


def work():
    """One counted iteration; exceptions propagate to the caller."""
    state = _current()
    if state.found.kind == "native":
        regions = state.found.info["regions"]
        tally._cell_regions = regions
        try:
            state.target.work(tally.Meter(regions))
        finally:
            tally._cell_regions = None
    elif state.counts_compile:
        with tally.compile_region():
            state.target._work()
    else:
        state.target._work()


def finish_cell():
    global _state
    gc.enable()
    if _state is not None:
        _restore(_state.path, _state.saved_path, _state.saved_modules)
    _state = None
    tempfile.tempdir = None  # back to TMPDIR


# ---------------------------------------------------------------- processes

class _SeededNames:
    """tempfile's name sequence, seeded with 0 in this process (the stdlib's
    reseeds from urandom in every new pid, making temp names differ per run)."""

    characters = "abcdefghijklmnopqrstuvwxyz0123456789_"

    def __init__(self):
        self._pid, self._rng = os.getpid(), random.Random(0)

    def __iter__(self):
        return self

    def __next__(self):
        if os.getpid() != self._pid:  # a later fork: behave as the stdlib does
            self._pid, self._rng = os.getpid(), random.Random()
        return "".join(self._rng.choices(self.characters, k=8))


def _remove_outside_this_heap(path):
    """Removes `path` in a short-lived child process: whether an earlier cell
    left it (its caches) must not change this process's heap, which every
    counted iteration inherits (80k-230k instructions between two equal
    cells otherwise)."""
    pid = os.fork()
    if pid == 0:
        try:
            shutil.rmtree(path, ignore_errors=True)
        finally:
            os._exit(0)
    os.waitpid(pid, 0)


def _seeded_uuid4(rng):
    """uuid4 from a seeded generator: Dynamo names every compiled graph
    __compiled_fn_<k>_<uuid4>, and the random name's string hash changed the
    collisions of the dicts it lands in."""
    def uuid4():
        return uuid.UUID(int=rng.getrandbits(128), version=4)
    return uuid4


def _pin_guard_latency():
    """Dynamo times its guards with a C++ wall clock and formats the result;
    the formatting's cost followed the time. The measurement still runs (and
    counts); its result is 0."""
    guards = sys.modules.get("torch._dynamo.guards")
    measure = getattr(guards, "profile_guard_manager", None)
    if measure is None or getattr(measure, "_tally_pinned", False):
        return

    def profile_guard_manager(*args, **kwargs):
        measure(*args, **kwargs)
        return 0.0

    profile_guard_manager._tally_pinned = True
    guards.profile_guard_manager = profile_guard_manager


def _file_backed_output(stdlib_run):
    """subprocess.run() whose captured output goes through an unlinked file
    read after the child exits, not a pipe read while it runs: how many
    read() calls a pipe takes follows the child's timing, and Inductor's
    g++ runs moved a cell by up to 100k instructions between runs. Only for
    run()/check_output() without input; output and errors as the stdlib's."""
    import locale
    import subprocess

    def run(*popenargs, input=None, capture_output=False, timeout=None,
            check=False, **kwargs):
        if capture_output and (kwargs.get("stdout") is not None
                               or kwargs.get("stderr") is not None):
            return stdlib_run(*popenargs, input=input, capture_output=True,
                              timeout=timeout, check=check, **kwargs)
        if capture_output:
            kwargs["stdout"] = kwargs["stderr"] = subprocess.PIPE
        piped = [k for k in ("stdout", "stderr") if kwargs.get(k) == subprocess.PIPE]
        if input is not None or not piped:
            return stdlib_run(*popenargs, input=input, timeout=timeout,
                              check=check, **kwargs)
        text = any(kwargs.get(k) for k in ("text", "universal_newlines",
                                            "encoding", "errors"))
        files = {k: tempfile.TemporaryFile() for k in piped}
        try:
            completed = stdlib_run(*popenargs, timeout=timeout, check=False,
                                   **dict(kwargs, **files))
            for k, f in files.items():
                f.seek(0)
                data = f.read()
                if text:
                    data = data.decode(
                        kwargs.get("encoding") or locale.getpreferredencoding(False),
                        kwargs.get("errors") or "strict")
                    data = data.replace("\r\n", "\n").replace("\r", "\n")
                setattr(completed, k, data)
        finally:
            for f in files.values():
                f.close()
        if check:
            completed.check_returncode()
        return completed

    return run


def _under_callgrind():
    """tally sets TALLY_CALLGRIND_DUMP_DIR for callgrind's workers only."""
    return bool(os.environ.get("TALLY_CALLGRIND_DUMP_DIR"))


def _counting_clocks():
    """Under callgrind: time.time(), perf_counter() and monotonic() and their _ns forms advance
    by one microsecond a reading from a fixed start. Dynamo stores and
    formats the durations it measures, and the cost of formatting a float
    follows its digits, so real clocks moved counts between runs by tens of
    instructions. Under callgrind a time means nothing anyway."""
    import time
    ticks = itertools.count(1_700_000_000_000_000_000, 1000)

    def clock_ns():
        return next(ticks)

    def clock():
        return clock_ns() / 1e9

    time.time_ns = time.perf_counter_ns = time.monotonic_ns = clock_ns
    time.time = time.perf_counter = time.monotonic = clock


def _fixed_pid():
    """Under callgrind: os.getpid() gives 4242 in the cell's process.
    Inductor writes each cache file through a temporary named
    .<pid>.<thread>.tmp, and formatting a pid costs what its digits cost;
    a cell's process is alone in its folder, so the name stays unique."""
    os.getpid = lambda: 4242


def _file_backed_subprocess_output():
    """Under callgrind, as the clocks: see _file_backed_output."""
    import subprocess
    if not getattr(subprocess.run, "_tally_file_backed", False):
        subprocess.run = _file_backed_output(subprocess.run)
        subprocess.run._tally_file_backed = True


def _quiet_wait_counters():
    """Under callgrind: torch.monitor._WaitCounter, PyTorch's wall-time
    telemetry, does nothing. Its C++ tracker (c10d's control plane) keeps
    each counter's longest wall time, updated by a compare-and-swap only
    when a duration beats it, so inductor cells moved by 3-6 instructions
    between runs. The real counters cost about 20-40 k instructions in an
    inductor compile of the seed at n = 5 (1e-4 of it), 2-5 k in eager's."""
    monitor = sys.modules.get("torch.monitor")
    real = getattr(monitor, "_WaitCounter", None)
    if real is None or getattr(real, "_tally_quiet", False):
        return

    class _WaitCounter:
        _tally_quiet = True

        def __init__(self, key):
            self.key = key

        def guard(self):
            return contextlib.nullcontext()

    for module in list(sys.modules.values()):
        try:
            if vars(module).get("_WaitCounter") is real:
                module._WaitCounter = _WaitCounter
        except TypeError:  # an entry without a __dict__
            continue


_STDLIB_SEED = random.Random.seed


def _seeded_generators():
    """Every random.Random of this process is seeded: those that modules made
    at import (seeded from urandom, so per run) and those made later without
    a seed, which get 1, 2, 3, ... in order of creation. sympy shuffles the
    facts its assumptions check with such a generator; it moved dynamic-shape
    compiles by up to 0.05% between runs."""
    seeds = itertools.count(1)

    def seed(self, a=None, version=2):
        _STDLIB_SEED(self, next(seeds) if a is None else a, version)

    random.Random.seed = seed
    for module in list(sys.modules.values()):
        try:
            values = list(vars(module).values())
        except TypeError:  # an entry without a __dict__
            continue
        for value in values:
            # type(), not isinstance(): some module attributes warn when
            # their __class__ is read (torch.distributed.reduce_op).
            kind = type(value)
            if issubclass(kind, random.Random) and not issubclass(
                    kind, random.SystemRandom):
                value.seed()
    random.seed(0)


def after_fork():
    """First call in each cell process: deterministic seeds and names, and a
    private folder in the state every cell finds it; under callgrind, clocks,
    pids and subprocess output that do not move the counts."""
    counting = _under_callgrind()
    if counting:
        _fixed_pid()
    _seeded_generators()
    tempfile._name_sequence = _SeededNames()
    _remove_outside_this_heap(_private_folder())
    uuid.uuid4 = _seeded_uuid4(random.Random(0))
    if counting:
        _counting_clocks()
        _file_backed_subprocess_output()
    torch = sys.modules.get("torch")
    if torch is not None and hasattr(torch, "manual_seed"):
        torch.manual_seed(0)
        try:
            import torch._dynamo.guards  # noqa: F401  (imported by the parent)
        except Exception:
            pass
        _pin_guard_latency()
        if counting:
            _quiet_wait_counters()
