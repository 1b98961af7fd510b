"""tally's native API for Python benchmarks.

    import tally

    @tally.benchmark(name="my_add", backends=("eager", "inductor"),
                     dynamic=(False, True), regions=("compile_time",),
                     params={"n": tally.Param(1000, "loop count", min=1)})
    class MyAdd:
        def prepare_once(self, cell): ...   # cell.backend/.device/.dynamic/.params
        def prepare(self): ...              # optional, before each iteration
        def work(self, meter):
            with tally.compile_region():    # Dynamo compiles -> "compile_time"
                ...
            with meter.region("other"):     # any region named in regions=
                ...

tally runs each (backend, device, dynamic, params) cell in its own process:
prepare_once() once, then prepare()/work() per iteration, counting work().
"""

import contextlib
import re
import sys

__all__ = ["benchmark", "Param", "Cell", "Meter", "SkipCell", "compile_region",
           "COMPILE_TIME"]

COMPILE_TIME = "compile_time"
_NAME_RE = re.compile(r"[A-Za-z0-9_.-]+")
_PARAM_TYPES = (bool, int, float, str)
_TRUE = ("true", "yes", "on", "1")
_FALSE = ("false", "no", "off", "0")

# Regions the running native cell declared; the driver sets it around work().
_cell_regions = None


class SkipCell(Exception):
    """Raised to skip a cell (e.g. its device is missing); str() is the reason."""


def _check_name(value, what):
    if not isinstance(value, str):
        raise TypeError(f"{what} must be a str, not {type(value).__name__}")
    if not _NAME_RE.fullmatch(value):
        raise ValueError(f"{what} {value!r} must match [A-Za-z0-9_.-]+")
    return value


def _number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


class Param:
    """A benchmark parameter; the default's type (bool/int/float/str) is its type."""

    def __init__(self, default, description="", min=None, max=None):
        if type(default) not in _PARAM_TYPES:
            raise TypeError("Param default must be a bool, int, float or str, "
                            f"not {type(default).__name__}")
        if not isinstance(description, str):
            raise TypeError(f"Param description must be a str, not {type(description).__name__}")
        self.type = type(default)
        self.name = None  # set by @tally.benchmark
        self.description = description
        for bound in (min, max):
            if bound is None:
                continue
            if self.type not in (int, float):
                raise TypeError(f"Param min/max only apply to int or float params, "
                                f"not {self.type.__name__}")
            if not _number(bound):
                raise TypeError(f"Param min/max must be numbers, not {type(bound).__name__}")
        if min is not None and max is not None and min > max:
            raise ValueError(f"Param min {min!r} is greater than max {max!r}")
        self.min, self.max = min, max
        self.default = self.coerce(default, "default")

    def _what(self):
        return f"param {self.name!r}" if self.name else "Param"

    def coerce(self, value, what="value"):
        """Returns value converted to the param's type; ValueError if it cannot be."""
        converted = self._convert(value)
        if converted is None:
            raise ValueError(f"{self._what()}: {what} {value!r} is not a {self.type.__name__}")
        if self.min is not None and converted < self.min:
            raise ValueError(f"{self._what()}: {what} {converted!r} is below min {self.min!r}")
        if self.max is not None and converted > self.max:
            raise ValueError(f"{self._what()}: {what} {converted!r} is above max {self.max!r}")
        return converted

    def _convert(self, value):
        # YAML hands over typed scalars, but a string is accepted for each type.
        if self.type is bool:
            if isinstance(value, bool):
                return value
            if isinstance(value, str) and value.lower() in _TRUE + _FALSE:
                return value.lower() in _TRUE
            return None
        if self.type is str:
            return value if isinstance(value, str) else (str(value) if _number(value) else None)
        if isinstance(value, str):
            try:
                return self.type(value.strip())
            except ValueError:
                return None
        if self.type is int:
            if isinstance(value, float) and value.is_integer():
                return int(value)
            return value if isinstance(value, int) and not isinstance(value, bool) else None
        return float(value) if _number(value) else None

    def to_dict(self):
        return {"name": self.name, "type": self.type.__name__, "default": self.default,
                "description": self.description, "min": self.min, "max": self.max}

    def __repr__(self):
        return (f"Param({self.default!r}, {self.description!r}, "
                f"min={self.min!r}, max={self.max!r})")


class _Spec:
    """What @tally.benchmark recorded on a class (cls.__tally_benchmark__)."""

    def __init__(self, name, description, backends, devices, dynamic, regions, params):
        self.name = name
        self.description = description
        self.backends = backends
        self.devices = devices
        self.dynamic = dynamic
        self.regions = regions
        self.params = params
        self.filename = None
        self.line = None


def _name_tuple(values, what, allow_empty=False):
    if isinstance(values, str) or not isinstance(values, (tuple, list)):
        raise TypeError(f"{what} must be a tuple of str, not {type(values).__name__}")
    if not values and not allow_empty:
        raise ValueError(f"{what} must not be empty")
    names = tuple(_check_name(v, f"{what} entry") for v in values)
    if len(set(names)) != len(names):
        raise ValueError(f"{what} has duplicates: {names!r}")
    return names


def _bool_tuple(values):
    if not isinstance(values, (tuple, list)) or not values:
        raise TypeError(f"dynamic must be a non-empty tuple of bool, not {values!r}")
    if not all(isinstance(v, bool) for v in values) or len(set(values)) != len(values):
        raise ValueError(f"dynamic must hold distinct bools, not {values!r}")
    return tuple(values)


def _param_dict(params):
    if params is None:
        return {}
    if not isinstance(params, dict):
        raise TypeError(f"params must be a dict of name -> tally.Param, not {type(params).__name__}")
    checked = {}
    for name, param in params.items():
        _check_name(name, "param name")
        if not isinstance(param, Param):
            raise TypeError(f"params[{name!r}] must be a tally.Param, not {type(param).__name__}")
        copy = Param.__new__(Param)  # one Param object may serve several benchmarks
        copy.__dict__.update(param.__dict__, name=name)
        checked[name] = copy
    return checked


def benchmark(name, description="", backends=("eager",), devices=("cpu",),
              dynamic=(False,), regions=(), params=None):
    """Class decorator declaring a tally benchmark; see the module docstring."""
    if isinstance(name, type):
        raise TypeError("use @tally.benchmark(name=...), with arguments")
    _check_name(name, "benchmark name")
    if not isinstance(description, str):
        raise TypeError(f"description must be a str, not {type(description).__name__}")
    spec = _Spec(name, description, _name_tuple(backends, "backends"),
                 _name_tuple(devices, "devices"), _bool_tuple(dynamic),
                 _name_tuple(regions, "regions", allow_empty=True), _param_dict(params))

    def decorate(cls):
        if not isinstance(cls, type):
            raise TypeError(f"@tally.benchmark decorates a class, not {type(cls).__name__}")
        if not callable(getattr(cls, "work", None)):
            raise TypeError(f"@tally.benchmark class {cls.__name__} must define work(self, meter)")
        if "__tally_benchmark__" in vars(cls):
            raise ValueError(f"class {cls.__name__} is decorated with @tally.benchmark twice")
        caller = sys._getframe(1)
        spec.filename, spec.line = caller.f_code.co_filename, caller.f_lineno
        cls.__tally_benchmark__ = spec
        return cls

    return decorate


class Cell:
    """The cell a native benchmark runs: prepare_once(cell) receives it."""

    __slots__ = ("name", "backend", "device", "dynamic", "threads", "params")

    def __init__(self, name, backend, device, dynamic, threads=None, params=None):
        self.name = name
        self.backend = backend
        self.device = device
        self.dynamic = dynamic
        self.threads = threads
        self.params = dict(params or {})

    def __repr__(self):
        return (f"Cell(name={self.name!r}, backend={self.backend!r}, device={self.device!r}, "
                f"dynamic={self.dynamic!r}, threads={self.threads!r}, params={self.params!r})")


def _counters():
    # Looked up in sys.modules each time (cheap): the C++ side, or a test,
    # registers _tally before counting starts.
    counters = sys.modules.get("_tally")
    if counters is None:
        try:
            import _tally as counters
        except ImportError:
            raise RuntimeError("regions are counted only when tally runs the benchmark "
                               "(module _tally is missing)") from None
    return counters


class Meter:
    """Passed to work(meter): meter.region(name) counts a declared region."""

    def __init__(self, regions):
        self._regions = tuple(regions)

    @contextlib.contextmanager
    def region(self, name):
        if name not in self._regions:
            raise ValueError(f"region {name!r} is not declared in @tally.benchmark(regions=...); "
                             f"declared: {list(self._regions)}")
        counters = _counters()
        counters.region_begin(name)
        try:
            yield
        finally:
            counters.region_end(name)


class _CompileTimeCounter:
    """Stands in for torch._C._instruction_counter inside torch._dynamo.utils.

    Dynamo's CompileTimeInstructionCounter calls start() when its depth goes
    0 -> 1 and end(id) when it returns to 0, so nested compiles open the
    region once; end() returns 0 as tally keeps the counts, not Dynamo."""

    @staticmethod
    def start():
        _counters().region_begin(COMPILE_TIME)
        return 1

    @staticmethod
    def end(_id):
        _counters().region_end(COMPILE_TIME)
        return 0


@contextlib.contextmanager
def compile_region():
    """Counts every Dynamo compile inside it in the "compile_time" region."""
    if _cell_regions is not None and COMPILE_TIME not in _cell_regions:
        raise ValueError("tally.compile_region() needs 'compile_time' in "
                         "@tally.benchmark(regions=...)")
    import torch._dynamo.config as config
    import torch._dynamo.utils as dynamo_utils

    if not hasattr(config, "record_compile_time_instruction_count"):
        raise RuntimeError("this torch has no torch._dynamo.config."
                           "record_compile_time_instruction_count (needs torch >= 2.6)")
    changes = {"record_compile_time_instruction_count": True}
    if hasattr(config, "enable_cpp_symbolic_shape_guards"):
        changes["enable_cpp_symbolic_shape_guards"] = False  # as PyTorch does when counting
    # Dynamo calls the _instruction_counter name bound in its utils module
    # (`from torch._C import _instruction_counter`): rebind that name.
    saved = dynamo_utils._instruction_counter
    dynamo_utils._instruction_counter = _CompileTimeCounter
    try:
        with config.patch(changes):
            yield
    finally:
        dynamo_utils._instruction_counter = saved
