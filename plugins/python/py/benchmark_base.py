"""tally's stand-in for PyTorch's pr_time_benchmarks ``benchmark_base`` module.

PyTorch's benchmark files (benchmarks/dynamo/pr_time_benchmarks/benchmarks/)
do ``from benchmark_base import BenchmarkBase`` and end their ``main()`` with
``b.enable_...().collect_all().append_results(sys.argv[1])``. In PyTorch,
``collect_all()`` runs the iterations itself and counts instructions with a
hardware counter (``torch._C._instruction_counter``). tally has to drive
prepare/work itself, one cell per process, and count with its own counters;
so this module keeps the API the files use, and ``collect_all()`` only hands
the instance to tally's driver (``_tally_driver``). Results are written by
tally, hence ``append_results()``/``print()`` do nothing here.

tally registers this module as ``sys.modules["benchmark_base"]`` before any
benchmark file is loaded, so the files run unchanged, even next to a copy of
PyTorch's own benchmark_base.py.
"""

import sys

import tally

__all__ = ["BenchmarkBase", "declared_params", "declares_params"]

# The driver sets this to a list while it loads a file; collect_all()
# appends (instance, line of the collect_all() call) to it.
_registered = None


class _PerInstanceList:
    """`results` as a fresh list per instance, also for subclasses that never
    call BenchmarkBase.__init__ (non-data descriptor: assignment still works)."""

    def __set_name__(self, owner, name):
        self._name = name

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        value = instance.__dict__[self._name] = []
        return value


def declared_params(cls):
    """{name: tally.Param} of a BenchmarkBase subclass's ``tally_params``
    (named copies, in declaration order); TypeError/ValueError, naming
    ``<class>.tally_params``, when it is not a dict of name -> tally.Param."""
    declared = getattr(cls, "tally_params", None)
    try:
        return tally._param_dict(declared)
    except (TypeError, ValueError) as exc:
        raise type(exc)(f"{cls.__name__}.tally_params: {exc}") from None


def declares_params(cls):
    """Whether a class below BenchmarkBase declares ``tally_params``."""
    return any("tally_params" in vars(base) for base in cls.__mro__
               if base is not BenchmarkBase)


class _DefaultParams:
    """`params`: the defaults of the class's ``tally_params`` until tally's
    driver assigns the cell's typed values (non-data descriptor: assignment
    goes to the instance)."""

    def __set_name__(self, owner, name):
        self._name = name

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        defaults = {name: p.default for name, p in declared_params(type(instance)).items()}
        instance.__dict__[self._name] = defaults
        return defaults


class BenchmarkBase:
    """Base class of PyTorch-style benchmarks; see the module docstring.

    tally's extension: a subclass may declare typed parameters,

        tally_params = {"n": tally.Param(1000, "loop count", min=1)}

    which tally lists with the benchmark (as a native benchmark's params)
    and which a config may set per cell. ``self.params`` holds their values:
    the defaults from construction on (main() and name() may read them),
    and the cell's typed values, defaults filled in, from before
    ``_prepare_once()`` on."""

    _enable_instruction_count = False
    _enable_compile_time_instruction_count = False
    _num_iterations = 5
    tally_params = {}
    results = _PerInstanceList()
    params = _DefaultParams()

    def __init__(self, category="", device="cpu", backend="", mode="", dynamic=None):
        self._category = category
        self._device = device
        self._backend = backend
        self._mode = mode
        self._dynamic = dynamic

    # Accessors: 2024-era files skip __init__ and set the attributes
    # themselves (or not at all), hence the fallbacks.
    def _tally_attr(self, attr, default):
        value = getattr(self, attr, None)
        return default if value is None else value

    def category(self):
        return self._tally_attr("_category", "")

    def backend(self):
        return self._tally_attr("_backend", "")

    def device(self):
        return self._tally_attr("_device", "cpu")

    def mode(self):
        return self._tally_attr("_mode", "")

    def is_dynamic(self):
        return bool(self._tally_attr("_dynamic", False))

    def name(self):
        parts = [self.category(), self.backend(), self.mode(), self.device()]
        if self.is_dynamic():
            parts.append("dynamic")
        return "_".join(p for p in parts if p)

    def description(self):
        return ""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        # Such a file measures itself (import_time.py times imports in
        # subprocesses): failing at the class beats running it at listing.
        if "collect_all" in cls.__dict__:
            raise TypeError(
                f"{cls.__name__} overrides collect_all(), so it measures itself; "
                "tally runs _prepare_once/_prepare/_work and cannot count that")

    # Hooks the files override. Files of mid-2024 named them without the
    # leading underscore.
    def _prepare_once(self):
        self._legacy_hook("prepare_once")

    def _prepare(self):
        self._legacy_hook("prepare")

    def _work(self):
        if not self._legacy_hook("work"):
            raise NotImplementedError(f"{type(self).__name__} does not define _work()")

    def _legacy_hook(self, name):
        hook = getattr(self, name, None)
        if callable(hook):
            hook()
            return True
        return False

    # Set-up, chained as in PyTorch.
    def enable_instruction_count(self):
        self._enable_instruction_count = True
        self._check_one_metric()
        return self

    def enable_compile_time_instruction_count(self):
        self._enable_compile_time_instruction_count = True
        self._check_one_metric()
        return self

    def _check_one_metric(self):
        # PyTorch logs both metrics to the same field, so it refuses both.
        if self._enable_instruction_count and self._enable_compile_time_instruction_count:
            raise RuntimeError(
                "enable_instruction_count() and enable_compile_time_instruction_count() "
                "cannot both be enabled on one benchmark")

    def with_iterations(self, value):
        self._num_iterations = value
        return self

    def instruction_count_enabled(self):
        return bool(self._enable_instruction_count)

    def compile_time_instruction_count_enabled(self):
        return bool(self._enable_compile_time_instruction_count)

    def collect_all(self):
        """Registers this benchmark with tally (runs nothing); returns self."""
        if _registered is not None and all(entry[0] is not self for entry in _registered):
            caller = sys._getframe(1)
            _registered.append((self, caller.f_lineno, caller.f_code.co_filename))
        return self

    # tally writes the results itself.
    def append_results(self, path):
        return None

    def print(self):
        return None

    def _write_to_json(self, *args, **kwargs):
        return None
