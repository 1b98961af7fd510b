"""Tests of tally's ports of PyTorch's pr_time_benchmarks
(plugins/python/benchmarks, shipped as files beside python.so) and of the
driver's params for
PyTorch-style benchmarks (`tally_params`). stdlib unittest only:

    PYTHONPATH=plugins/python/py python -m unittest discover -s tests/python -t tests/python

Each port file is listed (its benchmark names, regions and params), and one
cell of each runs natively at a tiny size through start_cell/prepare/work
with a fake _tally module, on the eager, aot_eager or the row's own
non-Inductor backend; Inductor runs once, in a small add_loop smoke.
"""

import contextlib
import gc
import io
import os
import shutil
import sys
import tempfile
import types
import unittest

import torch
import torch._dynamo.config

import _tally_driver as driver
import benchmark_base
import tally

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PORTS = os.path.join(ROOT, "plugins", "python", "benchmarks")


def port(name):
    path = os.path.join(PORTS, name)
    if not os.path.exists(path):
        raise FileNotFoundError(path)
    return path


class FakeCounters:
    """Records region_begin/region_end as the C++ _tally module receives them."""

    def __init__(self):
        self.events, self.errors, self._stack = [], [], []

    def reset(self):
        self.__init__()

    def region_begin(self, name):
        self.events.append(("begin", name))
        self._stack.append(name)

    def region_end(self, name):
        self.events.append(("end", name))
        if not self._stack or self._stack[-1] != name:
            self.errors.append(f"end({name!r}) with {self._stack} open")
        else:
            self._stack.pop()

    def balanced(self):
        return not self.errors and not self._stack


COUNTERS = FakeCounters()
_SAVED = {}


def setUpModule():
    fake = types.ModuleType("_tally")
    fake.region_begin = COUNTERS.region_begin
    fake.region_end = COUNTERS.region_end
    _SAVED["_tally"] = sys.modules.get("_tally")
    sys.modules["_tally"] = fake
    _SAVED["threads"] = torch.get_num_threads()
    torch.set_num_threads(1)
    # The driver's per-iteration caches (tally-cache/) go to a private folder.
    _SAVED["tempdir"] = tempfile.tempdir
    _SAVED["scratch"] = tempfile.TemporaryDirectory(prefix="tally-test-ports-")
    tempfile.tempdir = _SAVED["scratch"].name
    _SAVED["env"] = {k: os.environ.get(k)
                     for k in ("TORCHINDUCTOR_CACHE_DIR", "TRITON_CACHE_DIR")}


def tearDownModule():
    if _SAVED["_tally"] is None:
        sys.modules.pop("_tally", None)
    else:
        sys.modules["_tally"] = _SAVED["_tally"]
    torch.set_num_threads(_SAVED["threads"])
    tempfile.tempdir = _SAVED["tempdir"]
    for key, value in _SAVED["env"].items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value
    _SAVED["scratch"].cleanup()


def cell(backend="eager", device="cpu", dynamic=False, params=None):
    return {"backend": backend, "device": device, "dynamic": dynamic, "threads": 1,
            "params": params or {}}


# ---------------------------------------------------------------- tally_params

PARAMS_FILE = '''\
import sys

import tally
from benchmark_base import BenchmarkBase


class Sized(BenchmarkBase):
    tally_params = {
        "n": tally.Param(3, "loop count", min=1, max=50),
        "scale": tally.Param(1.5, "input scale"),
        "label": tally.Param("x", "free text"),
        "check": tally.Param(True, "check the output"),
    }

    def __init__(self):
        super().__init__(category="sized", device="cpu", backend="eager")
        self._name = f"sized_n{self.params['n']}"  # defaults, at construction

    def name(self):
        return self._name

    def _prepare_once(self):
        self.seen = dict(self.params)

    def _work(self):
        self.out = sum(range(self.params["n"])) * self.params["scale"]


class Plain(BenchmarkBase):
    def __init__(self):
        super().__init__(category="plain", device="cpu", backend="eager")
        self.params = "its own"  # a PyTorch file's own attribute: left alone

    def _prepare_once(self):
        self.seen = self.params

    def _work(self):
        pass


def main():
    Sized().enable_instruction_count().collect_all().append_results(sys.argv[1])
    Plain().enable_instruction_count().collect_all().append_results(sys.argv[1])
'''

BAD_PARAMS_FILE = '''\
import tally
from benchmark_base import BenchmarkBase


class Bad(BenchmarkBase):
    tally_params = {"n": 3}

    def _work(self):
        pass


def main():
    Bad("bad", "cpu", "eager").collect_all()  # MARK
'''


class TallyParamsTest(unittest.TestCase):
    def setUp(self):
        self.folder = tempfile.mkdtemp(prefix="tally-params-")
        self.addCleanup(shutil.rmtree, self.folder, True)
        self.addCleanup(driver.finish_cell)
        self.path = self.write("sized.py", PARAMS_FILE)
        self.sys_path = list(sys.path)

    def write(self, name, text):
        path = os.path.join(self.folder, name)
        with open(path, "w") as f:
            f.write(text)
        return path

    def test_discover_lists_typed_params(self):
        sized, plain = driver.discover(self.path)
        self.assertEqual(sized["name"], "sized_n3")
        self.assertEqual(sized["kind"], "pytorch")
        self.assertEqual(sized["params"], [
            {"name": "n", "type": "int", "default": 3, "description": "loop count",
             "min": 1, "max": 50},
            {"name": "scale", "type": "float", "default": 1.5,
             "description": "input scale", "min": None, "max": None},
            {"name": "label", "type": "str", "default": "x", "description": "free text",
             "min": None, "max": None},
            {"name": "check", "type": "bool", "default": True,
             "description": "check the output", "min": None, "max": None}])
        self.assertEqual((plain["name"], plain["params"]), ("plain_eager_cpu", []))
        self.assertEqual(sys.path, self.sys_path)

    def test_cell_params_set_before_prepare_once(self):
        driver.start_cell(self.path, "sized_n3", cell(params={"n": "7", "scale": 2}))
        target = driver._state.target
        expected = {"n": 7, "scale": 2.0, "label": "x", "check": True}
        self.assertEqual(target.seen, expected)  # what _prepare_once() found
        self.assertEqual(target.params, expected)
        self.assertEqual(target.name(), "sized_n3")  # the name stays the listed one
        driver.prepare()
        driver.work()
        self.assertEqual(target.out, 21 * 2.0)

    def test_cell_defaults_filled(self):
        driver.start_cell(self.path, "sized_n3", cell(params={"label": 5}))
        self.assertEqual(driver._state.target.seen,
                         {"n": 3, "scale": 1.5, "label": "5", "check": True})

    def test_bad_cell_params(self):
        for params in ({"n": 0}, {"n": 51}, {"n": "many"}, {"check": "maybe"},
                       {"nn": 1}):
            with self.subTest(params=params), self.assertRaises(ValueError):
                driver.start_cell(self.path, "sized_n3", cell(params=params))
            self.assertEqual(sys.path, self.sys_path)

    def test_class_without_tally_params_is_left_alone(self):
        driver.start_cell(self.path, "plain_eager_cpu", cell())
        self.assertEqual(driver._state.target.seen, "its own")
        driver.finish_cell()
        with self.assertRaises(ValueError):
            driver.start_cell(self.path, "plain_eager_cpu", cell(params={"n": 1}))

    def test_malformed_tally_params_is_a_file_error(self):
        path = self.write("bad_params.py", BAD_PARAMS_FILE)
        line = BAD_PARAMS_FILE.splitlines().index(
            '    Bad("bad", "cpu", "eager").collect_all()  # MARK') + 1
        with self.assertRaises(driver.BenchmarkFileError) as cm:
            driver.discover(path)
        self.assertEqual(str(cm.exception),
                         f"{path}:{line}: TypeError: Bad.tally_params: params['n'] "
                         "must be a tally.Param, not int")

    def test_params_attribute_outside_the_driver(self):
        class WithParams(benchmark_base.BenchmarkBase):
            tally_params = {"k": tally.Param(4, "k")}

        class Old(WithParams):
            def __init__(self):  # 2024 style: no super().__init__
                pass

        b = WithParams("c", "cpu")
        self.assertEqual(b.params, {"k": 4})
        b.params = {"k": 9}
        self.assertEqual(b.params, {"k": 9})
        self.assertEqual(WithParams("c", "cpu").params, {"k": 4})
        self.assertEqual(Old().params, {"k": 4})
        self.assertEqual(benchmark_base.BenchmarkBase("c", "cpu").params, {})
        self.assertTrue(benchmark_base.declares_params(Old))
        self.assertFalse(benchmark_base.declares_params(benchmark_base.BenchmarkBase))


# ---------------------------------------------------------------- the ports

def matrix(stem, backends=("eager", "aot_eager", "inductor"), devices=("cpu", "cuda"),
           dynamic=(False, True)):
    """Row names of a native benchmark, in the driver's order, spelled out."""
    names = []
    for backend in backends:
        for device in devices:
            for dyn in dynamic:
                names.append(stem + "_" + backend + ("_dynamic" if dyn else "")
                             + ("_gpu" if device == "cuda" else ""))
    return names


CT, IC = ["compile_time"], []

# file -> [(name, regions)], in the order discover() lists them.
EXPECTED = {
    "dynamo_inline.py": [(n, CT) for n in matrix("basic_InlineMod")],
    "add_loop.py": [(n, CT) for n in matrix("add_loop")],
    "mm_loop.py": [(n, CT) for n in matrix("mm_loop")],
    "basic_modules.py": [("basic_modules_ListOfLinears_inductor_gpu_force_shape_pad", CT)]
    + [(n, CT) for n in matrix("basic_modules_ListOfLinears")],
    "nested_module.py": [(n, CT) for n in matrix("basic_NestedModule")],
    "deep_nested_module.py": [("deep_nested_module_cpu", CT)],
    "aotdispatcher.py": [("aotdispatcher_inference_nosubclass_cpu", CT),
                         ("aotdispatcher_inference_subclass_cpu", CT),
                         ("aotdispatcher_training_nosubclass_cpu", CT),
                         ("aotdispatcher_training_subclass_cpu", CT)],
    "aotdispatcher_partitioner.py": [("aotdispatcher_partitioner_cpu", CT),
                                     ("aotdispatcher_partitioner_cpu2", CT)],
    "float_args.py": [("float_args", CT)],
    "symint_sum.py": [("symint_sum", CT), ("symint_sum_loop", CT)],
    "update_hint.py": [("update_hint_regression", CT)],
    "sum_floordiv.py": [("sum_floordiv_regression", CT)],
    "unbind_split_flip_cat.py": [("unbind_split_flip_cat_iter40_batch128", IC)],
    "runtime_overhead.py": [
        ("runtime_overhead_inductor", IC),
        ("runtime_overhead_inductor_inference_mode", IC),
        ("runtime_overhead_inductor_requires_grad", IC),
        ("runtime_overhead_inductor_requires_grad_backward", IC),
        ("runtime_overhead_inductor_dynamic", IC),
        ("runtime_overhead_inductor_inference_mode_dynamic", IC),
        ("runtime_overhead_inductor_requires_grad_dynamic", IC),
        ("runtime_overhead_inductor_requires_grad_backward_dynamic", IC),
        ("runtime_overhead_inductor_cpu", IC),
        ("runtime_overhead_inductor_cpu_inference_mode", IC),
        ("runtime_overhead_inductor_cpu_requires_grad", IC),
        ("runtime_overhead_inductor_cpu_requires_grad_backward", IC),
        ("runtime_overhead_inductor_cpu_dynamic", IC),
        ("runtime_overhead_inductor_cpu_inference_mode_dynamic", IC),
        ("runtime_overhead_inductor_cpu_requires_grad_dynamic", IC),
        ("runtime_overhead_inductor_cpu_requires_grad_backward_dynamic", IC),
        ("runtime_overhead_eager_cpu", IC)],
    "autograd_function.py": [("autograd_function_apply_13_in_2_out_no_save", IC)],
    "nn_module_guard_eval.py": [("nn_module_guard_eval", IC),
                                ("nn_module_guard_eval_dynamic", IC)],
    "disable_overhead.py": [("disable_overhead", IC)],
    "dtensor.py": [("dtensor_dispatch_" + op, IC) for op in (
        "detach", "to_from_local", "collectives", "add_backward", "inplace", "view",
        "random", "custom_handler")],
    "diffusion_dit.py": [("diffusion_dit_full_inductor", CT),
                         ("diffusion_dit_regional_inductor", CT),
                         ("diffusion_dit_hierarchical_inductor", CT),
                         ("diffusion_dit_hierarchical_dynamic", CT)],
    "import_time.py": [("import_time_torch__dynamo", IC), ("import_time_torch__inductor", IC),
                       ("import_time_triton", IC), ("import_time_torch", IC)],
}

# PyTorch's sizes, as the params' defaults.
DEFAULTS = {
    "add_loop_eager": {"n": 1000, "size": 1000},
    "mm_loop_inductor_dynamic_gpu": {"n": 200, "size": 10, "max_autotune": True},
    "basic_modules_ListOfLinears_eager": {"linears": 20, "features": 10},
    "basic_modules_ListOfLinears_inductor_gpu_force_shape_pad": {"linears": 20,
                                                                 "features": 10},
    "basic_NestedModule_eager": {"depth": 3, "width": 4},
    "deep_nested_module_cpu": {"depth": 40},
    "aotdispatcher_training_subclass_cpu": {"inputs": 100, "size": 100},
    "aotdispatcher_partitioner_cpu": {"weights": 100, "size": 16},
    "aotdispatcher_partitioner_cpu2": {"chains": 16, "size": 4},
    "float_args": {"calls": 8, "size": 3, "step": 2.5},
    "symint_sum_loop": {"n": 200},
    "update_hint_regression": {"n": 20},
    "sum_floordiv_regression": {"n": 100, "legacy_capture": True},
    "unbind_split_flip_cat_iter40_batch128": {"iterations": 40, "batch": 128},
    "runtime_overhead_eager_cpu": {"warmup": 10},
    "autograd_function_apply_13_in_2_out_no_save": {"warmup": 10000},
    "nn_module_guard_eval": {"layers": 20, "hidden": 64},
    "disable_overhead": {"warmup": 10},
    "dtensor_dispatch_detach": {"world_size": 256},
    "diffusion_dit_hierarchical_dynamic": {
        "dim": 64, "heads": 4, "mlp_ratio": 4, "blocks": 4, "image_tokens": 16,
        "text_tokens": 8, "dynamic_image_tokens": 24},
    "import_time_torch": {},
}


class PortsDiscoverTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.found = {name: driver.discover(port(name)) for name in sorted(EXPECTED)}

    def test_every_port_file_is_checked(self):
        files = sorted(f for f in os.listdir(PORTS)
                       if f.endswith(".py") and not f.startswith("_"))
        self.assertEqual(files, sorted(EXPECTED))

    def test_names_and_regions(self):
        for name, expected in EXPECTED.items():
            with self.subTest(file=name):
                got = [(b["name"], b["regions"]) for b in self.found[name]]
                self.assertEqual(got, expected)
                for b in self.found[name]:
                    self.assertEqual(b["result_name"], b["name"])
                    self.assertTrue(b["description"], b["name"])

    def test_pytorch_rows_present(self):
        names = {b["name"] for found in self.found.values() for b in found}
        for row in ("add_loop_eager", "add_loop_eager_dynamic", "add_loop_inductor",
                    "add_loop_inductor_gpu", "add_loop_inductor_dynamic_gpu",
                    "mm_loop_inductor_gpu", "mm_loop_inductor_dynamic_gpu",
                    "basic_modules_ListOfLinears_eager",
                    "basic_modules_ListOfLinears_inductor",
                    "basic_modules_ListOfLinears_inductor_gpu",
                    "basic_NestedModule_eager", "aotdispatcher_partitioner_cpu",
                    "aotdispatcher_partitioner_cpu2", "aotdispatcher_training_subclass_cpu",
                    "runtime_overhead_inductor_requires_grad", "symint_sum",
                    "sum_floordiv_regression", "update_hint_regression", "float_args"):
            self.assertIn(row, names)

    def test_defaults_are_pytorch_sizes(self):
        by_name = {b["name"]: b for found in self.found.values() for b in found}
        for row, defaults in DEFAULTS.items():
            with self.subTest(row=row):
                got = {p["name"]: p["default"] for p in by_name[row]["params"]}
                self.assertEqual(got, defaults)

    def test_points(self):
        by_name = {b["name"]: b for found in self.found.values() for b in found}
        self.assertEqual(
            [by_name["add_loop_inductor_dynamic_gpu"][k] for k in ("backends", "devices",
                                                                   "dynamic")],
            [["inductor"], ["cuda"], [True]])
        for row, backend, device, dynamic in (
                ("aotdispatcher_partitioner_cpu", "aot_eager_decomp_partition", "cpu", False),
                ("sum_floordiv_regression", "export", "cpu", False),
                ("runtime_overhead_inductor_dynamic", "inductor", "cuda", True),
                ("runtime_overhead_eager_cpu", "eager", "cpu", False),
                ("diffusion_dit_hierarchical_dynamic", "inductor", "cpu", True),
                ("nn_module_guard_eval_dynamic", "eager", "cpu", True)):
            with self.subTest(row=row):
                b = by_name[row]
                self.assertEqual((b["backends"], b["devices"], b["dynamic"], b["kind"]),
                                 ([backend], [device], [dynamic], "pytorch"))


@contextlib.contextmanager
def torch_settings_restored():
    """Settings the ports change for the whole process, put back."""
    import torch.fx.experimental._config as fx_experimental
    dynamo = {k: getattr(torch._dynamo.config, k) for k in ("capture_scalar_outputs",)}
    guard_free = getattr(fx_experimental, "aggressive_guard_free_semantics", None)
    precision = torch.get_float32_matmul_precision()
    try:
        import torch.fx.config as fx_config
        stack_traces = getattr(fx_config, "do_not_emit_stack_traces", None)
    except ImportError:
        fx_config = stack_traces = None
    try:
        yield
    finally:
        for key, value in dynamo.items():
            setattr(torch._dynamo.config, key, value)
        if guard_free is not None:
            fx_experimental.aggressive_guard_free_semantics = guard_free
        if stack_traces is not None:
            fx_config.do_not_emit_stack_traces = stack_traces
        torch.set_float32_matmul_precision(precision)
        torch._dynamo.reset()


# (file, benchmark, cell backend, dynamic, params, iterations, backend override)
# The override replaces a PyTorch-style row's own Inductor backend after
# start_cell (the compile then takes the same path through Dynamo, without
# Inductor's code generation): a test-only shortcut.
CELLS = [
    ("add_loop.py", "add_loop_eager", "eager", False, {"n": 20, "size": 8}, 2, None),
    ("mm_loop.py", "mm_loop_aot_eager_dynamic", "aot_eager", True, {"n": 3, "size": 4}, 2,
     None),
    ("basic_modules.py", "basic_modules_ListOfLinears_eager", "eager", False,
     {"linears": 4, "features": 4}, 2, None),
    ("nested_module.py", "basic_NestedModule_aot_eager", "aot_eager", False,
     {"depth": 1, "width": 2}, 2, None),
    ("deep_nested_module.py", "deep_nested_module_cpu", "eager", False, {"depth": 3}, 2,
     None),
    ("aotdispatcher.py", "aotdispatcher_training_subclass_cpu", "aot_eager_decomp_partition",
     False, {"inputs": 3, "size": 4}, 2, None),
    ("aotdispatcher_partitioner.py", "aotdispatcher_partitioner_cpu2",
     "aot_eager_decomp_partition", False, {"chains": 6, "size": 2}, 2, None),
    ("float_args.py", "float_args", "inductor", False, {"calls": 3}, 2, "eager"),
    ("symint_sum.py", "symint_sum_loop", "inductor", False, {"n": 5}, 2, "eager"),
    ("update_hint.py", "update_hint_regression", "inductor", False, {"n": 9}, 2, "eager"),
    ("sum_floordiv.py", "sum_floordiv_regression", "export", False, {"n": 5}, 2, None),
    ("unbind_split_flip_cat.py", "unbind_split_flip_cat_iter40_batch128", "export", False,
     {"iterations": 2, "batch": 3}, 2, None),
    ("runtime_overhead.py", "runtime_overhead_eager_cpu", "eager", False, {"warmup": 2}, 2,
     None),
    ("autograd_function.py", "autograd_function_apply_13_in_2_out_no_save", "eager", False,
     {"warmup": 10}, 2, None),
    ("nn_module_guard_eval.py", "nn_module_guard_eval_dynamic", "eager", True,
     {"layers": 3, "hidden": 4}, 2, None),
    ("disable_overhead.py", "disable_overhead", "eager", False, {}, 2, None),
    ("dtensor.py", "dtensor_dispatch_add_backward", "eager", False, {"world_size": 4}, 2,
     None),
    ("diffusion_dit.py", "diffusion_dit_hierarchical_dynamic", "inductor", True,
     {"dim": 8, "heads": 2, "mlp_ratio": 1, "blocks": 2, "image_tokens": 3,
      "text_tokens": 2, "dynamic_image_tokens": 5}, 1, "aot_eager"),
    # The one Inductor cell: a smoke test of a real Inductor compile (g++).
    ("add_loop.py", "add_loop_inductor", "inductor", False, {"n": 2, "size": 4}, 1, None),
]


class PortsCellTest(unittest.TestCase):
    def setUp(self):
        self.addCleanup(driver.finish_cell)
        settings = torch_settings_restored()
        settings.__enter__()
        self.addCleanup(settings.__exit__, None, None, None)

    def run_cell(self, file, name, backend, dynamic, params, iterations, override):
        counts_compile = dict(EXPECTED[file])[name] == CT
        if file == "dtensor.py":
            self.addCleanup(_destroy_process_group)
        info = driver.start_cell(port(file), name, cell(backend, dynamic=dynamic,
                                                        params=params))
        self.assertEqual(info["name"], name)
        target = driver._state.target
        if override:
            target._backend = override
        for _ in range(iterations):
            COUNTERS.reset()
            driver.prepare()
            self.assertEqual(gc.isenabled(), not counts_compile)
            driver.work()
            self.assertTrue(COUNTERS.balanced(), COUNTERS.errors)
            regions = {region for _, region in COUNTERS.events}
            if counts_compile:
                # Every iteration compiles (cold): the region is entered each time.
                self.assertEqual(regions, {"compile_time"})
                self.assertGreaterEqual(len(COUNTERS.events), 2)
            else:
                self.assertEqual(COUNTERS.events, [])
        driver.finish_cell()
        self.assertTrue(gc.isenabled())
        return target


    def test_import_time_torch__dynamo(self):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            self.run_cell("import_time.py", "import_time_torch__dynamo", "import", False, {},
                          1, None)
        # PyTorch's value (-X importtime's cumulative microseconds) is printed.
        self.assertRegex(out.getvalue().strip(), r"^import_time_us torch\._dynamo: \d+$")


def _destroy_process_group():
    import torch.distributed as dist
    if dist.is_available() and dist.is_initialized():
        dist.destroy_process_group()


def _cell_test(case):
    def test(self):
        self.run_cell(*case)
    return test


for _case in CELLS:
    setattr(PortsCellTest, f"test_{_case[1]}", _cell_test(_case))


class PortsSpecialCasesTest(unittest.TestCase):
    def setUp(self):
        self.addCleanup(driver.finish_cell)

    def test_gpu_rows_skip_without_cuda(self):
        if torch.cuda.is_available():
            self.skipTest("CUDA is available here")
        for file, name, backend, dynamic in (
                ("add_loop.py", "add_loop_inductor_dynamic_gpu", "inductor", True),
                ("basic_modules.py", "basic_modules_ListOfLinears_inductor_gpu_force_shape_pad",
                 "inductor", False),
                ("runtime_overhead.py", "runtime_overhead_inductor_requires_grad", "inductor",
                 False)):
            with self.subTest(name=name), self.assertRaises(tally.SkipCell) as cm:
                driver.start_cell(port(file), name, cell(backend, "cuda", dynamic))
            self.assertTrue(str(cm.exception).startswith("CUDA not available"))

    def test_import_time_skips_a_missing_module(self):
        import importlib.util
        if importlib.util.find_spec("triton") is not None:
            self.skipTest("triton is installed here")
        with self.assertRaises(tally.SkipCell) as cm:
            driver.start_cell(port("import_time.py"), "import_time_triton", cell("import"))
        self.assertIn("triton", str(cm.exception))



if __name__ == "__main__":
    unittest.main()
