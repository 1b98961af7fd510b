"""Tests of tally's Python half (plugins/python/py), stdlib unittest only.

    PYTHONPATH=plugins/python/py python -m unittest discover -s tests/python -t tests/python

The C++ side provides the builtin module _tally; a fake one here records the
region_begin/region_end calls and times each region (a region nested in
itself counts once).
"""

import gc
import importlib.util
import os
import random
import sys
import tempfile
import time
import types
import unittest

import torch
import torch._dynamo.config
import torch._dynamo.utils

import _tally_driver as driver
import benchmark_base
import tally

FILES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "files")
P2026 = os.path.join(FILES, "pt2026_add_chain.py")
P2024 = os.path.join(FILES, "pt2024_add_loop.py")
P2024_PLAIN = os.path.join(FILES, "pt2024_plain_attrs.py")
NATIVE = os.path.join(FILES, "native_add.py")
WORK_RAISES = os.path.join(FILES, "work_raises.py")
SHADOW = os.path.join(FILES, "shadow", "shadow_bench.py")


def bad(name):
    return os.path.join(FILES, "bad", name)


def line_of(path, marker):
    with open(path) as f:
        for number, line in enumerate(f, 1):
            if f"# MARK:{marker}" in line:
                return number
    raise AssertionError(f"no MARK:{marker} in {path}")


class FakeCounters:
    def __init__(self):
        self.reset()

    def reset(self):
        self.events, self.errors, self.totals = [], [], {}
        self._stack, self._open = [], {}

    def region_begin(self, name):
        self.events.append(("begin", name))
        self._stack.append(name)
        depth, start = self._open.get(name, (0, time.perf_counter_ns()))
        self._open[name] = (depth + 1, start)

    def region_end(self, name):
        self.events.append(("end", name))
        if not self._stack or self._stack[-1] != name:
            self.errors.append(f"end({name!r}) with {self._stack} open")
            return
        self._stack.pop()
        depth, start = self._open.pop(name)
        if depth > 1:
            self._open[name] = (depth - 1, start)
        else:
            self.totals[name] = self.totals.get(name, 0) + time.perf_counter_ns() - start

    def balanced(self):
        return not self.errors and not self._stack


COUNTERS = FakeCounters()


def setUpModule():
    fake = types.ModuleType("_tally")
    fake.region_begin = COUNTERS.region_begin
    fake.region_end = COUNTERS.region_end
    sys.modules["_tally"] = fake
    torch.set_num_threads(1)


def tearDownModule():
    sys.modules.pop("_tally", None)


def cell(backend="eager", device="cpu", dynamic=False, params=None):
    return {"backend": backend, "device": device, "dynamic": dynamic, "threads": 1,
            "params": params or {}}


class ProcessStateMixin:
    """Checks that discovery leaves sys.argv, sys.path and sys.modules as found."""

    def setUp(self):
        self.argv, self.path = sys.argv, list(sys.path)
        self.addCleanup(driver.finish_cell)

    def assertRestored(self):
        self.assertIs(sys.argv, self.argv)
        self.assertEqual(sys.path, self.path)
        self.assertIs(sys.modules["benchmark_base"], benchmark_base)
        leftovers = [m for m in sys.modules if m.startswith("tally_bench_") or "shadow" in m]
        self.assertEqual(leftovers, [])


class BenchmarkBaseTest(unittest.TestCase):
    def test_accessors_with_init(self):
        b = benchmark_base.BenchmarkBase("cat", "cuda", backend="inductor", mode="training",
                                         dynamic=True)
        self.assertEqual((b.category(), b.device(), b.backend(), b.mode(), b.is_dynamic()),
                         ("cat", "cuda", "inductor", "training", True))
        self.assertEqual(b.description(), "")

    def test_accessors_without_init(self):
        class Old(benchmark_base.BenchmarkBase):
            def __init__(self):
                pass

        b = Old()
        self.assertEqual((b.category(), b.device(), b.backend(), b.mode(), b.is_dynamic()),
                         ("", "cpu", "", "", False))
        b._backend, b._dynamic = "eager", None
        self.assertEqual((b.backend(), b.is_dynamic()), ("eager", False))
        self.assertEqual(b.results, [])
        b.results.append(1)
        self.assertEqual(b.results, [1])
        self.assertEqual(Old().results, [])

    def test_chaining_and_metrics(self):
        b = benchmark_base.BenchmarkBase("c", "cpu")
        self.assertIs(b.with_iterations(7), b)
        self.assertEqual(b._num_iterations, 7)
        self.assertIs(b.enable_compile_time_instruction_count(), b)
        with self.assertRaises(RuntimeError):
            b.enable_instruction_count()
        fresh = benchmark_base.BenchmarkBase("c", "cpu")
        self.assertEqual(fresh._num_iterations, 5)
        self.assertIs(fresh.enable_instruction_count(), fresh)
        self.assertFalse(fresh.compile_time_instruction_count_enabled())

    def test_collect_all_runs_nothing(self):
        class Never(benchmark_base.BenchmarkBase):
            def _work(self):
                raise AssertionError("ran")

        b = Never("c", "cpu")
        self.assertIs(b.collect_all(), b)
        self.assertIsNone(b.append_results(os.devnull))
        self.assertIsNone(b.print())


class DiscoverTest(ProcessStateMixin, unittest.TestCase):
    def test_pytorch_2026_file(self):
        found = driver.discover(P2026)
        self.assertRestored()
        self.assertEqual([b["name"] for b in found],
                         ["add_chain_eager", "add_chain_eager_dynamic",
                          "add_chain_aot_eager", "add_chain_aot_eager_dynamic"])
        first = found[0]
        self.assertEqual(first, {
            "name": "add_chain_eager", "result_name": "add_chain_eager",
            "description": "a 10-deep call chain of adds, looped 20 times",
            "backends": ["eager"], "devices": ["cpu"], "dynamic": [False],
            "regions": ["compile_time"], "params": [], "kind": "pytorch", "iterations": 5})
        self.assertEqual([b["backends"] for b in found],
                         [["eager"], ["eager"], ["aot_eager"], ["aot_eager"]])
        self.assertEqual([b["dynamic"] for b in found], [[False], [True], [False], [True]])
        self.assertEqual([b["iterations"] for b in found], [5, 3, 5, 3])

    def test_pytorch_2024_file(self):
        found = driver.discover(P2024)
        self.assertRestored()
        self.assertEqual([(b["name"], b["devices"], b["regions"]) for b in found],
                         [("add_loop_eager", ["cpu"], []),
                          ("add_loop_eager_gpu", ["cuda"], [])])
        self.assertEqual(found[0]["description"], "a loop of 10 adds")

    def test_mid_2024_file_with_plain_attributes(self):
        found = driver.discover(P2024_PLAIN)
        self.assertRestored()
        self.assertEqual([(b["name"], b["backends"], b["devices"], b["dynamic"], b["regions"])
                          for b in found],
                         [("plain_attrs_eager", ["eager"], ["cpu"], [False], ["compile_time"]),
                          ("plain_attrs_runtime", ["eager"], ["cpu"], [False], [])])

    def test_native_file(self):
        found = driver.discover(NATIVE)
        self.assertRestored()
        # One benchmark per matrix point, named as PyTorch names its rows.
        self.assertEqual([b["name"] for b in found],
                         ["native_add_eager", "native_add_eager_dynamic",
                          "native_add_aot_eager", "native_add_aot_eager_dynamic",
                          "native.minimal-1_eager"])
        add, minimal = found[3], found[4]
        self.assertEqual((add["kind"], add["result_name"], add["iterations"]),
                         ("native", "native_add_aot_eager_dynamic", None))
        self.assertEqual(add["backends"], ["aot_eager"])
        self.assertEqual(add["dynamic"], [True])
        self.assertEqual(add["regions"], ["compile_time", "total"])
        self.assertEqual(add["params"][0], {"name": "n", "type": "int", "default": 3,
                                            "description": "adds per loop", "min": 1,
                                            "max": 100})
        self.assertEqual([(p["name"], p["type"], p["default"]) for p in add["params"][1:]],
                         [("scale", "float", 1.5), ("label", "str", "x"),
                          ("check", "bool", True)])
        self.assertEqual((minimal["backends"], minimal["devices"], minimal["dynamic"],
                          minimal["regions"], minimal["params"]),
                         (["eager"], ["cpu"], [False], [], []))

    def test_rediscovery_is_fresh(self):
        self.assertEqual(driver.discover(P2026), driver.discover(P2026))
        self.assertRestored()

    def test_own_benchmark_base_in_folder_is_ignored(self):
        # Even with the folder's benchmark_base already imported under that name.
        spec = importlib.util.spec_from_file_location(
            "benchmark_base", os.path.join(FILES, "shadow", "benchmark_base.py"))
        sys.modules["benchmark_base"] = importlib.util.module_from_spec(spec)
        try:
            found = driver.discover(SHADOW)
        finally:
            sys.modules["benchmark_base"] = benchmark_base
        self.assertRestored()
        self.assertEqual([(b["name"], b["regions"]) for b in found],
                         [("shadowed_eager", ["compile_time"])])


class BadFileTest(ProcessStateMixin, unittest.TestCase):
    def assertFileError(self, path, expected):
        with self.assertRaises(driver.BenchmarkFileError) as cm:
            driver.discover(path)
        message = str(cm.exception)
        self.assertNotIn("\n", message)
        self.assertEqual(message, expected)
        self.assertRestored()

    def test_syntax_error(self):
        path = bad("syntax_error.py")
        self.assertFileError(path, f"{path}:{line_of(path, 'error')}: SyntaxError: invalid syntax")

    def test_import_error(self):
        path = bad("import_error.py")
        self.assertFileError(path, f"{path}:{line_of(path, 'error')}: ModuleNotFoundError: "
                                   "No module named 'tally_no_such_module_for_tests'")

    def test_exception_at_import_names_first_line(self):
        path = bad("raise_at_import.py")
        self.assertFileError(path, f"{path}:{line_of(path, 'error')}: ValueError: table is empty")

    def test_exception_in_main(self):
        path = bad("raise_in_main.py")
        self.assertFileError(path, f"{path}:{line_of(path, 'error')}: KeyError: 'inductorr'")

    def test_sys_exit_in_main(self):
        path = bad("exit_in_main.py")
        self.assertFileError(path, f"{path}:{line_of(path, 'error')}: SystemExit: "
                                   "sys.exit(3) called")

    def test_no_benchmark(self):
        path = bad("no_benchmark.py")
        self.assertFileError(path, f"{path}: no benchmark in it (no main() registering "
                                   "BenchmarkBase instances via collect_all(), no "
                                   "@tally.benchmark class)")

    def test_file_that_measures_itself(self):
        path = bad("measures_itself.py")
        self.assertFileError(path, f"{path}:{line_of(path, 'error')}: TypeError: ImportTime "
                                   "overrides collect_all(), so it measures itself; tally runs "
                                   "_prepare_once/_prepare/_work and cannot count that")

    def test_duplicate_names(self):
        path = bad("duplicate_names.py")
        first, second = line_of(path, "first"), line_of(path, "second")
        self.assertFileError(path, f"{path}:{second}: duplicate benchmark name 'dup': "
                                   f"Benchmark instance registered at line {second} and "
                                   f"Benchmark instance registered at line {first}")

    def test_bad_decorator_argument(self):
        path = bad("bad_param.py")
        self.assertFileError(path, f"{path}:{line_of(path, 'error')}: ValueError: benchmark "
                                   "name 'bad param' must match [A-Za-z0-9_.-]+")

    def test_missing_file(self):
        path = bad("no_such_file.py")
        with self.assertRaises(driver.BenchmarkFileError) as cm:
            driver.discover(path)
        self.assertTrue(str(cm.exception).startswith(f"{path}: FileNotFoundError: "))
        self.assertRestored()


class DecoratorTest(unittest.TestCase):
    def test_rejects_bad_arguments(self):
        def work(self, meter):
            pass

        with_work = type("W", (), {"work": work})
        cases = [
            (ValueError, dict(name="a b")),
            (ValueError, dict(name="")),
            (TypeError, dict(name=3)),
            (TypeError, dict(name="a", backends="eager")),
            (ValueError, dict(name="a", backends=())),
            (ValueError, dict(name="a", backends=("eager", "eager"))),
            (ValueError, dict(name="a", devices=("c p u",))),
            (ValueError, dict(name="a", dynamic=(0,))),
            (TypeError, dict(name="a", params=[1])),
            (TypeError, dict(name="a", params={"n": 1})),
            (ValueError, dict(name="a", params={"n m": tally.Param(1)})),
        ]
        for exc, kwargs in cases:
            with self.subTest(kwargs=kwargs), self.assertRaises(exc):
                tally.benchmark(**kwargs)(with_work)
        with self.assertRaises(TypeError):
            tally.benchmark(name="a")(type("NoWork", (), {}))
        with self.assertRaises(TypeError):
            tally.benchmark(with_work)

    def test_params(self):
        with self.assertRaises(TypeError):
            tally.Param([1])
        with self.assertRaises(TypeError):
            tally.Param("s", min=1)
        with self.assertRaises(ValueError):
            tally.Param(5, min=10, max=1)
        with self.assertRaises(ValueError):
            tally.Param(0, min=1)
        self.assertEqual(tally.Param(1).coerce("12"), 12)
        self.assertEqual(tally.Param(1.0).coerce(2), 2.0)
        self.assertIs(tally.Param(True).coerce("false"), False)
        with self.assertRaises(ValueError):
            tally.Param(1).coerce(True)
        with self.assertRaises(ValueError):
            tally.Param(1).coerce(1.5)

    def test_meter_rejects_undeclared_region(self):
        with self.assertRaises(ValueError):
            with tally.Meter(["total"]).region("compile_time"):
                pass


class CellTest(ProcessStateMixin, unittest.TestCase):
    def setUp(self):
        super().setUp()
        COUNTERS.reset()

    def assertUnpatched(self):
        self.assertIs(torch._dynamo.utils._instruction_counter, torch._C._instruction_counter)
        self.assertFalse(torch._dynamo.config.record_compile_time_instruction_count)

    def run_iteration(self):
        COUNTERS.reset()
        driver.prepare()
        driver.work()
        self.assertTrue(COUNTERS.balanced(), COUNTERS.errors)
        return COUNTERS.events

    def test_compile_time_pytorch_cell(self):
        info = driver.start_cell(P2026, "add_chain_eager", cell())
        self.assertEqual(info["name"], "add_chain_eager")
        for _ in range(2):  # _prepare() resets Dynamo: each iteration compiles
            self.assertEqual(self.run_iteration(),
                             [("begin", "compile_time"), ("end", "compile_time")])
            self.assertFalse(gc.isenabled())  # CT cells work with GC off
            self.assertGreater(COUNTERS.totals["compile_time"], 0)
        self.assertEqual(driver._state.target.out.tolist(), [201.0] * 8)
        driver.finish_cell()
        self.assertTrue(gc.isenabled())
        self.assertUnpatched()

    def test_mid_2024_hooks_without_underscore_run(self):
        driver.start_cell(P2024_PLAIN, "plain_attrs_eager", cell())
        self.assertEqual(self.run_iteration(),
                         [("begin", "compile_time"), ("end", "compile_time")])
        self.assertEqual(driver._state.target.out.tolist(), [4.0] * 8)
        driver.finish_cell()

    def test_compile_time_dynamic_aot_eager_cell(self):
        driver.start_cell(P2026, "add_chain_aot_eager_dynamic", cell("aot_eager", dynamic=True))
        self.assertEqual(self.run_iteration(),
                         [("begin", "compile_time"), ("end", "compile_time")])
        self.assertUnpatched()

    def test_instruction_count_cell_has_no_region(self):
        driver.start_cell(P2024, "add_loop_eager", cell())
        self.assertEqual(self.run_iteration(), [])
        self.assertTrue(gc.isenabled())

    def test_cuda_cell_skips_without_cuda(self):
        if torch.cuda.is_available():
            self.skipTest("CUDA is available here")
        with self.assertRaises(tally.SkipCell) as cm:
            driver.start_cell(P2024, "add_loop_eager_gpu", cell(device="cuda"))
        self.assertTrue(str(cm.exception).startswith("CUDA not available: "))
        self.assertEqual(sys.path, self.path)

    def test_dynamo_depth_opens_region_once(self):
        counter = torch._dynamo.utils.CompileTimeInstructionCounter
        with tally.compile_region():
            self.assertTrue(torch._dynamo.config.record_compile_time_instruction_count)
            counter.start()
            counter.start()
            counter.end()
            counter.end()
        self.assertEqual(COUNTERS.events, [("begin", "compile_time"), ("end", "compile_time")])
        self.assertUnpatched()

    def test_native_cell_regions_nest(self):
        driver.start_cell(NATIVE, "native_add_aot_eager",
                          cell("aot_eager", params={"n": "5", "scale": 2}))
        target = driver._state.target
        self.assertEqual(target.cell.params, {"n": 5, "scale": 2.0, "label": "x",
                                              "check": True})
        self.assertEqual((target.cell.backend, target.cell.dynamic), ("aot_eager", False))
        self.assertEqual(self.run_iteration(), [
            ("begin", "total"),
            ("begin", "compile_time"), ("end", "compile_time"),
            ("begin", "compile_time"), ("end", "compile_time"),
            ("end", "total")])
        self.assertEqual(target.prepared, 1)
        self.assertLessEqual(COUNTERS.totals["compile_time"], COUNTERS.totals["total"])
        self.assertUnpatched()

    def test_native_cell_rejects_bad_cells(self):
        cases = [cell(params={"n": 0}), cell(params={"nn": 1}), cell(backend="inductor"),
                 cell(dynamic=None, params={"n": "many"})]
        for bad_cell in cases:
            with self.subTest(cell=bad_cell), self.assertRaises(ValueError):
                driver.start_cell(NATIVE, "native_add_eager", bad_cell)
            self.assertEqual(sys.path, self.path)
        with self.assertRaises(driver.BenchmarkFileError):
            driver.start_cell(NATIVE, "no_such_benchmark", cell())

    def test_shadowed_folder_cell_uses_tally_base(self):
        driver.start_cell(SHADOW, "shadowed_eager", cell())
        self.assertIsInstance(driver._state.target, benchmark_base.BenchmarkBase)
        self.assertIn(os.path.dirname(SHADOW), sys.path)  # lazy sibling imports work
        driver.finish_cell()
        self.assertEqual(sys.path, self.path)

    def test_work_exception_propagates_and_is_described(self):
        driver.start_cell(WORK_RAISES, "work_raises_eager", cell())
        driver.prepare()
        try:  # not assertRaises: it drops the traceback
            driver.work()
        except ZeroDivisionError as exc:
            text = driver.describe_exception(exc, WORK_RAISES)
        else:
            self.fail("work() did not raise")
        self.assertEqual(text,
                         f"ZeroDivisionError: division by zero "
                         f"(at {WORK_RAISES}:{line_of(WORK_RAISES, 'divide')})")

    def test_describe_exception_outside_the_file(self):
        try:
            int("x")
        except ValueError as exc:
            text = driver.describe_exception(exc, WORK_RAISES)
        self.assertTrue(text.startswith("ValueError: invalid literal for int()"), text)
        self.assertIn(f"(at {__file__}:", text)


class AfterForkTest(unittest.TestCase):
    def setUp(self):
        saved = tempfile._name_sequence, random.getstate(), torch.get_rng_state()

        def restore():
            random.Random.seed = driver._STDLIB_SEED
            tempfile._name_sequence = saved[0]
            random.setstate(saved[1])
            torch.set_rng_state(saved[2])

        self.addCleanup(restore)

    def test_same_sequences_after_each_call(self):
        def run():
            driver.after_fork()
            dirs = [tempfile.mkdtemp(prefix="tally-test-") for _ in range(3)]
            for d in dirs:
                os.rmdir(d)
            return [os.path.basename(d) for d in dirs], random.random(), torch.rand(3).tolist()

        first, second = run(), run()
        self.assertEqual(first, second)
        self.assertEqual(len(set(first[0])), 3)

    def test_every_generator_repeats(self):
        # sympy's assumptions shuffle with a generator seeded at import; a
        # generator made later without a seed must repeat too.
        import sympy.core.random as sympy_random

        def run():
            driver.after_fork()
            later = random.Random()
            return (sympy_random._assumptions_rng.random(), sympy_random.rng.random(),
                    later.random(), random.Random().random())

        explicit = random.Random(7).random()
        first, second = run(), run()
        self.assertEqual(first, second)
        self.assertNotEqual(first[2], first[3])
        self.assertEqual(random.Random(7).random(), explicit)


class QuietWaitCountersTest(unittest.TestCase):
    """Under callgrind PyTorch's wait counters do nothing: their C++ tracker
    follows wall time. Every module that imported the class gets the quiet
    one, and modules imported later find it in torch.monitor."""

    def setUp(self):
        import torch.monitor
        real = torch.monitor._WaitCounter
        holders = [m for m in list(sys.modules.values())
                   if isinstance(getattr(m, "__dict__", None), dict)
                   and m.__dict__.get("_WaitCounter") is real]

        def restore():
            for module in holders:
                module._WaitCounter = real

        self.addCleanup(restore)
        self.real, self.holders = real, holders

    def test_every_importer_gets_the_quiet_counter(self):
        import torch.monitor
        self.assertIn(torch._dynamo.utils, self.holders)
        driver._quiet_wait_counters()
        quiet = torch.monitor._WaitCounter
        self.assertIsNot(quiet, self.real)
        for module in self.holders:
            self.assertIs(module._WaitCounter, quiet, module.__name__)
        with quiet("pytorch.wait_counter.dynamo_compile").guard():
            pass
        driver._quiet_wait_counters()  # twice: nothing more happens
        self.assertIs(torch.monitor._WaitCounter, quiet)


class CellAliasTest(unittest.TestCase):
    """The cell's private folder gets a path that is the same in every run,
    unless the same cell holds it at the same time."""

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="tally-alias-test-")
        self.real = os.path.join(self.dir, "real")
        os.makedirs(self.real)
        saved = driver.ALIASES, len(driver._alias_locks), driver.ALIAS_WAIT_POLLS
        driver.ALIASES = os.path.join(self.dir, "aliases")
        driver.ALIAS_WAIT_POLLS = 3  # 0.4 s of waiting, not 10 minutes

        def restore():
            self.release()
            driver.ALIASES, driver.ALIAS_WAIT_POLLS = saved[0], saved[2]
            import shutil
            shutil.rmtree(self.dir)

        self.held = saved[1]
        self.addCleanup(restore)

    def release(self):
        """As if the processes holding this test's slots ended."""
        for fd in driver._alias_locks[self.held:]:
            os.close(fd)
        del driver._alias_locks[self.held:]

    def test_same_cell_same_path_and_a_busy_slot_is_passed_over(self):
        first = driver._claim_alias(self.real, "cell-a")
        self.assertEqual(os.path.realpath(first), os.path.realpath(self.real))
        busy = driver._claim_alias(self.real, "cell-a")  # waits, then slot 01
        self.assertEqual(busy, first[:-2] + "01")
        self.assertEqual(os.path.dirname(busy), driver.ALIASES)
        other = driver._claim_alias(self.real, "cell-b")
        self.assertNotEqual(os.path.basename(other)[:16], os.path.basename(first)[:16])
        self.release()
        self.assertEqual(driver._claim_alias(self.real, "cell-a"), first)

    def test_a_cell_waits_for_its_slot(self):
        driver.ALIAS_WAIT_POLLS = 20  # up to 4 s
        ready_r, ready_w = os.pipe()
        pid = os.fork()
        if pid == 0:  # the same cell in another process, for 0.5 s
            try:
                driver._claim_alias(self.real, "cell-a")
                os.write(ready_w, b"x")
                time.sleep(0.5)
            finally:
                os._exit(0)
        os.read(ready_r, 1)
        waited = driver._claim_alias(self.real, "cell-a")
        os.waitpid(pid, 0)
        self.assertTrue(waited.endswith("-00"), waited)

    def calls_of_a_claim(self, identity):
        """The functions this process calls while claiming (children's
        calls end with them), as (event, name) pairs."""
        seen = []

        def record(frame, event, arg):
            name = getattr(arg, "__name__", None) if event.startswith("c_") \
                else frame.f_code.co_name
            seen.append((event, name))

        sys.setprofile(record)
        try:
            alias = driver._claim_alias(self.real, identity)
        finally:
            sys.setprofile(None)
        self.assertIsNotNone(alias)
        return seen

    def test_a_machines_first_claim_runs_the_same_code_as_later_ones(self):
        # The heap a cell's iterations inherit follows the code that ran
        # before them: a first run that made the folder and the link, where
        # later runs found them, counted up to 25,000 instructions more.
        driver._claim_alias(self.real, "warm-up")  # imports, once a process
        self.release()
        driver.ALIASES = os.path.join(self.dir, "fresh-aliases")
        first = self.calls_of_a_claim("cell-a")
        self.release()
        again = self.calls_of_a_claim("cell-a")
        self.assertEqual(first, again)

    def test_unusable_alias_folder_gives_none(self):
        with open(os.path.join(self.dir, "file"), "w"):
            pass
        driver.ALIASES = os.path.join(self.dir, "file", "aliases")
        self.assertIsNone(driver._claim_alias(self.real, "cell-a"))


class FileBackedOutputTest(unittest.TestCase):
    """Under callgrind, subprocess.run() captures through a file; a caller
    must see what the stdlib gives."""

    def setUp(self):
        import subprocess
        self.sp = subprocess
        self.run = driver._file_backed_output(subprocess.run)
        self.script = [sys.executable, "-c",
                       "import sys; print('out\\r\\nline'); print('err', file=sys.stderr);"
                       "sys.exit(int(sys.argv[1]))"]

    def both(self, code, **kwargs):
        return [f(self.script + [str(code)], **kwargs) for f in (self.sp.run, self.run)]

    def test_same_results_as_the_stdlib(self):
        for kwargs in ({"capture_output": True}, {"capture_output": True, "text": True},
                       {"stdout": self.sp.PIPE, "stderr": self.sp.STDOUT},
                       {"stdout": self.sp.PIPE, "encoding": "utf-8", "stderr": self.sp.DEVNULL},
                       {"stdout": self.sp.DEVNULL, "stderr": self.sp.PIPE}):
            stdlib, ours = self.both(0, **kwargs)
            self.assertEqual((ours.returncode, ours.stdout, ours.stderr),
                             (stdlib.returncode, stdlib.stdout, stdlib.stderr), kwargs)

    def test_check_raises_with_the_output(self):
        with self.assertRaises(self.sp.CalledProcessError) as cm:
            self.run(self.script + ["3"], capture_output=True, check=True)
        self.assertEqual((cm.exception.returncode, cm.exception.stdout, cm.exception.stderr),
                         (3, b"out\r\nline\n", b"err\n"))

    def test_capture_output_with_stdout_is_the_stdlibs_error(self):
        with self.assertRaises(ValueError):
            self.run(self.script + ["0"], capture_output=True, stdout=self.sp.PIPE)

    def test_input_goes_through_the_stdlib(self):
        out = self.run([sys.executable, "-c", "import sys; print(sys.stdin.read())"],
                       input=b"fed", capture_output=True)
        self.assertEqual(out.stdout, b"fed\n")


if __name__ == "__main__":
    unittest.main()
