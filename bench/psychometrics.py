"""Psychometrics engine benchmark: calibration speed, memory and accuracy against PyPI peers.

Data (fixed seed): a ~ lognormal(0, 0.3), b ~ N(0, 1), c ~ U(0.1, 0.25), theta ~ N(0, 1).
  S = 2,000 x 50 complete; M = 20,000 x 100 complete; L = 200,000 x 200 with 50 random items
  answered per candidate (nan elsewhere). 2PL fits use data generated with c = 0, 3PL fits data
  generated with c; the same a, b and theta.
Peers on the same data in the same run: PyPI ``mirt`` (Rust-backed EM, 2PL and 3PL with the
same Beta(5, 17) prior on c, 41 quadrature points like ours: its default 21 costs it accuracy,
RMSE(a) 0.058 instead of 0.021 on M), ``girth`` (2PL MML; its 3PL fails on numpy 2) and, for adaptive
testing, ``catsim`` and ``mirt.cat`` on a 2,000-item 3PL bank.
Timings: wall clock of fit() without standard errors for everyone (mirt
compute_standard_errors=False; girth computes none), best of 3 runs on S and M for Certwright
and mirt (girth: one run), one run on L; our fit with standard errors is timed separately.
Each library runs once on a tiny problem first, so imports and warm-up are not counted.
Memory: tracemalloc peak during a second, traced fit on L (numpy reports its buffers to
tracemalloc), i.e. everything fit() allocates on top of the input matrix.

BLAS threads: OPENBLAS_NUM_THREADS defaults to 1 here (set it to override). On this shared
2-core machine OpenBLAS's second thread turns small and medium sgemm calls 10-400x slower
whenever another process holds a core (measured: a (41 x 20,000) @ (20,000 x 100) product
7.7 ms on one thread, 757 ms on two); one thread is also the usual setting for worker processes.
It affects the numpy-based code (Certwright, girth); mirt's Rust backend keeps its own threads.

Usage: python bench/psychometrics.py [--quick] [--full-peers]
  --quick       S and M only, Certwright and the 2PL peers (development)
  --full-peers  also run peers where they take very long (mirt 3PL on L, girth on L)
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import tracemalloc
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # before numpy loads OpenBLAS; see the docstring

import numpy as np

sys.path.insert(0, "src")

from certwright.psychometrics import IRTModel, ItemParameters
from certwright.psychometrics import cat as cw_cat
from certwright.psychometrics.scoring import eap

SEED = 20_240_601
C_PRIOR = (5.0, 17.0)
CAT_ITEMS, CAT_LENGTH, CAT_SESSIONS = 2_000, 30, 40


@dataclass
class Data:
    name: str
    responses: dict[str, np.ndarray]  # model -> matrix
    params: ItemParameters  # 3PL truth; the 2PL truth is the same with c = 0
    theta: np.ndarray


@dataclass
class Result:
    library: str
    model: str
    data: str
    seconds: float | None = None
    iterations: int | None = None
    rmse: dict[str, float] = field(default_factory=dict)
    note: str = ""
    extra: dict[str, float] = field(default_factory=dict)


def simulate(name: str, n: int, n_items: int, answered: int | None, rng: np.random.Generator) -> Data:
    a, b = rng.lognormal(0.0, 0.3, n_items), rng.normal(0.0, 1.0, n_items)
    c = rng.uniform(0.1, 0.25, n_items)
    theta = rng.normal(0.0, 1.0, n)
    u = rng.random((n, n_items))
    star = 1.0 / (1.0 + np.exp(-a * (theta[:, None] - b)))
    two = (u < star).astype(np.float64)
    three = (u < c + (1 - c) * star).astype(np.float64)
    if answered is not None:
        keep = np.argpartition(rng.random((n, n_items)), answered, axis=1)[:, :answered]
        mask = np.ones((n, n_items), dtype=bool)
        np.put_along_axis(mask, keep, False, axis=1)
        two[mask] = np.nan
        three[mask] = np.nan
    return Data(name, {"2pl": two, "3pl": three}, ItemParameters(a, b, c), theta)


def rmse(x: np.ndarray, y: np.ndarray) -> float:
    return float(np.sqrt(np.mean((np.asarray(x, dtype=float).ravel() - np.asarray(y, dtype=float).ravel()) ** 2)))


def truth(data: Data, model: str) -> dict[str, np.ndarray]:
    c = data.params.c if model == "3pl" else np.zeros_like(data.params.c)
    return {"a": data.params.a, "b": data.params.b, "c": c}


def scores(est: dict[str, np.ndarray], data: Data, model: str, ability: np.ndarray | None) -> dict[str, float]:
    true = truth(data, model)
    out = {k: rmse(est[k], true[k]) for k in ("a", "b") + (("c",) if model == "3pl" else ())}
    if ability is not None:
        out["theta"] = rmse(ability, data.theta)
    return out


def timed(fn: Callable[[], Any], repeat: int = 1) -> tuple[Any, float]:
    """Value and the best wall-clock time of ``repeat`` runs (the machine is shared: the best run
    is the one least disturbed by other processes; every library gets the same treatment)."""
    best, value = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        value = fn()
        best = min(best, time.perf_counter() - start)
    return value, best


def repeats(data: Data) -> int:
    return 1 if data.name == "L" else 3


# --- Certwright -------------------------------------------------------------------------------


def run_ours(data: Data, model: str, *, memory: bool) -> Result:
    resp = data.responses[model]
    fitted, seconds = timed(lambda: IRTModel(model, standard_errors="none").fit(resp), repeats(data))
    est, eap_seconds = timed(lambda: eap(resp, fitted.params_), repeats(data))
    res = Result("certwright", model, data.name, seconds, fitted.n_iter_)
    res.rmse = scores({"a": fitted.a_, "b": fitted.b_, "c": fitted.c_}, data, model, est.theta)
    res.extra["eap_s"] = eap_seconds
    with_se, se_seconds = timed(lambda: IRTModel(model).fit(resp))
    res.extra["fit_with_se_s"] = se_seconds
    res.extra["median_se_b"] = float(np.nanmedian(with_se.se_.b))
    if memory:
        tracemalloc.start()
        IRTModel(model, standard_errors="none").fit(resp)
        res.extra["peak_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    return res


# --- peers ------------------------------------------------------------------------------------


def run_mirt(data: Data, model: str) -> Result:
    res = Result("mirt", model, data.name)
    try:
        import mirt
        from mirt.estimation.priors import BetaPrior
    except ImportError as exc:
        res.note = f"unavailable: {exc}"
        return res
    resp = data.responses[model]
    kwargs: dict[str, Any] = {"compute_standard_errors": False, "n_quadpts": 41}  # our quadrature size
    if model == "3pl":
        kwargs["priors"] = {"guessing": BetaPrior(*C_PRIOR)}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fitted, res.seconds = timed(lambda: mirt.fit_mirt(resp, model=model.upper(), **kwargs), repeats(data))
            ability = mirt.fscores(fitted, resp, method="EAP", n_quadpts=61).theta
    except Exception as exc:  # a peer failing is a result, not a crash of the bench
        res.note = f"unavailable: {type(exc).__name__}: {exc}"
        return res
    p = fitted.model.parameters
    est = {"a": p["discrimination"], "b": p["difficulty"], "c": p.get("guessing", np.zeros(1))}
    res.iterations = int(fitted.n_iterations)
    res.rmse = scores(est, data, model, np.asarray(ability))
    return res


def run_girth(data: Data, model: str) -> Result:
    res = Result("girth", model, data.name)
    try:
        from girth import threepl_mml, twopl_mml
    except ImportError as exc:
        res.note = f"unavailable: {exc}"
        return res
    resp = data.responses[model]
    if np.isnan(resp).any():
        res.note = "unavailable: skipped on missing-by-design data (run with --full-peers)"
        return res
    fit = twopl_mml if model == "2pl" else threepl_mml
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            # girth wants (items, people); one run only: it is the slowest peer by far
            out, res.seconds = timed(lambda: fit(resp.T.astype(int)))
    except Exception as exc:
        res.note = f"unavailable: {type(exc).__name__}: {exc}"
        return res
    est = {"a": out["Discrimination"], "b": out["Difficulty"], "c": out.get("Guessing", np.zeros(1))}
    res.rmse = scores(est, data, model, out.get("Ability"))
    return res


def warm_up(quick: bool) -> None:
    rng = np.random.default_rng(1)
    tiny = simulate("warm", 300, 10, None, rng)
    IRTModel("2pl").fit(tiny.responses["2pl"])
    IRTModel("3pl").fit(tiny.responses["3pl"])
    run_mirt(tiny, "2pl")
    if not quick:
        run_mirt(tiny, "3pl")
    run_girth(tiny, "2pl")


# --- adaptive testing -------------------------------------------------------------------------


def cat_bank(rng: np.random.Generator) -> ItemParameters:
    return ItemParameters(
        rng.lognormal(0, 0.3, CAT_ITEMS), rng.normal(0, 1, CAT_ITEMS), rng.uniform(0.1, 0.25, CAT_ITEMS)
    )


def answer(params: ItemParameters, item: int, theta: float, rng: np.random.Generator) -> int:
    p = params.c[item] + (1 - params.c[item]) / (1 + np.exp(-params.a[item] * (theta - params.b[item])))
    return int(rng.random() < p)


def ours_cat_step(params: ItemParameters, exposure: Any, blueprint: dict[str, float] | None = None) -> float:
    """Median microseconds of one step: next_item() + record() (the answer itself is not timed)."""
    areas = None if blueprint is None else [("A", "B", "C", "D")[j % 4] for j in range(CAT_ITEMS)]
    config = cw_cat.CATConfig(
        max_items=CAT_LENGTH, min_items=CAT_LENGTH, se_target=None, exposure=exposure, blueprint=blueprint
    )
    bank = cw_cat.ItemBank(params, config, areas)
    rng = np.random.default_rng(SEED)
    steps = []
    for theta in rng.normal(size=CAT_SESSIONS * 5):
        session = cw_cat.CATSession(bank, rng)
        while True:
            t0 = time.perf_counter_ns()
            item = session.next_item()
            t1 = time.perf_counter_ns()
            if item is None:
                break
            x = answer(params, item, theta, rng)
            t2 = time.perf_counter_ns()
            session.record(item, x)
            steps.append(time.perf_counter_ns() - t2 + t1 - t0)
    return float(np.median(steps)) / 1e3


def catsim_step(params: ItemParameters) -> tuple[float | None, str]:
    """catsim: RandomesqueSelector(5).select + NumericalSearchEstimator.estimate (ML; catsim has no EAP)."""
    try:
        from catsim.estimation import NumericalSearchEstimator
        from catsim.item_bank import ItemBank
        from catsim.selection import RandomesqueSelector
    except ImportError as exc:
        return None, f"unavailable: {exc}"
    bank = ItemBank(np.column_stack([params.a, params.b, params.c, np.ones(CAT_ITEMS)]))
    selector, estimator = RandomesqueSelector(5), NumericalSearchEstimator()
    rng = np.random.default_rng(SEED)
    steps = []
    for theta in rng.normal(size=CAT_SESSIONS):
        administered: list[int] = []
        responses: list[bool] = []
        est = 0.0
        for _ in range(CAT_LENGTH):
            t0 = time.perf_counter_ns()
            item = int(selector.select(item_bank=bank, administered_items=administered, est_theta=est, rng=rng))
            t1 = time.perf_counter_ns()
            x = answer(params, item, theta, rng)
            t2 = time.perf_counter_ns()
            administered.append(item)
            responses.append(bool(x))
            est = estimator.estimate(
                item_bank=bank, administered_items=administered, response_vector=responses, est_theta=est
            )
            steps.append(time.perf_counter_ns() - t2 + t1 - t0)
    return float(np.median(steps)) / 1e3, "ML (bounded search) ability; catsim has no EAP"


def mirt_cat_step(params: ItemParameters) -> tuple[float | None, str]:
    """mirt.cat: CATEngine(MFI, EAP, Randomesque(5)); one step = administer_item (update + next selection)."""
    try:
        from mirt.cat import CATEngine
        from mirt.cat.exposure import Randomesque
        from mirt.models.dichotomous import ThreeParameterLogistic
    except ImportError as exc:
        return None, f"unavailable: {exc}"
    model = ThreeParameterLogistic(n_items=CAT_ITEMS)
    model.set_parameters(discrimination=params.a, difficulty=params.b, guessing=params.c)
    model._is_fitted = True  # parameters given, not estimated: the engine only checks this flag
    rng = np.random.default_rng(SEED)
    steps = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for k, theta in enumerate(rng.normal(size=CAT_SESSIONS)):
            engine = CATEngine(
                model,
                item_selection="MFI",
                scoring_method="EAP",
                exposure_control=Randomesque(5, seed=k),
                se_threshold=1e-9,
                max_items=CAT_LENGTH,
                min_items=CAT_LENGTH,
                n_quadpts=61,
                seed=k,
            )
            state = engine.get_current_state()
            while not state.is_complete:
                x = answer(params, int(state.next_item), theta, rng)
                t0 = time.perf_counter_ns()
                state = engine.administer_item(x)
                steps.append(time.perf_counter_ns() - t0)
    return float(np.median(steps)) / 1e3, "EAP, 61 points"


# --- report -----------------------------------------------------------------------------------


def show(res: Result) -> None:
    if res.note.startswith("unavailable"):
        print(f"  {res.library:<10} {res.model} {res.data}: {res.note}")
        return
    rm = "  ".join(f"rmse_{k}={v:.4f}" for k, v in res.rmse.items())
    extra = "  ".join(f"{k}={v:.3g}" for k, v in res.extra.items())
    iters = "" if res.iterations is None else f"  iterations={res.iterations}"
    print(f"  {res.library:<10} {res.model} {res.data}: {res.seconds:.3f} s{iters}  {rm}  {extra} {res.note}".rstrip())


def goal(name: str, value: float | None, target: str, met: bool, reason: str = "", unit: str = "") -> None:
    if value is None:
        print(f"GOAL {name}: unavailable ({reason}) (target {target}) MISSED")
        return
    figure = f"{value:.3g}{unit}" if not reason else f"{value:.3g}{unit}, {reason}"
    print(f"GOAL {name}: {figure} (target {target}) {'MET' if met else 'MISSED'}")


def find(results: list[Result], library: str, model: str, data: str) -> Result | None:
    for r in results:
        if (r.library, r.model, r.data) == (library, model, data) and r.seconds is not None:
            return r
    return None


def ratio(results: list[Result], peer: str, model: str, data: str) -> tuple[float | None, str]:
    ours, theirs = find(results, "certwright", model, data), find(results, peer, model, data)
    if ours is None or theirs is None or ours.seconds is None or theirs.seconds is None:
        missing = [r for r in results if (r.library, r.model, r.data) == (peer, model, data)]
        return None, missing[0].note if missing else f"{peer} {model} {data} not run"
    return theirs.seconds / ours.seconds, ""


def machine() -> str:
    try:
        from threadpoolctl import threadpool_info

        blas = ", ".join(
            f"{d['internal_api']} {d.get('architecture', '')} x{d['num_threads']}" for d in threadpool_info()
        )
    except ImportError:
        blas = "threadpoolctl not installed"
    threads = os.environ.get("OPENBLAS_NUM_THREADS")
    return f"{os.cpu_count()} cores, numpy {np.__version__}, BLAS {blas} (OPENBLAS_NUM_THREADS={threads})"


def run_peers(data: Data, model: str, args: argparse.Namespace) -> list[Result]:
    out = []
    slow = data.name == "L" and not args.full_peers
    if args.quick and model == "3pl":
        out.append(Result("mirt", model, data.name, note="unavailable: skipped in --quick (mirt 3PL takes minutes)"))
    elif slow and model == "3pl":
        out.append(
            Result(
                "mirt",
                model,
                data.name,
                note="unavailable: skipped, mirt 3PL on L runs far longer than the bench budget (use --full-peers)",
            )
        )
    else:
        out.append(run_mirt(data, model))
    if slow and model == "2pl":
        out.append(
            Result(
                "girth",
                model,
                data.name,
                note="unavailable: skipped, girth on L runs far longer than the bench budget (use --full-peers)",
            )
        )
    else:
        out.append(run_girth(data, model))
    return out


def calibration(args: argparse.Namespace) -> list[Result]:
    rng = np.random.default_rng(SEED)
    sizes = [("S", 2_000, 50, None), ("M", 20_000, 100, None)] + ([] if args.quick else [("L", 200_000, 200, 50)])
    results: list[Result] = []
    for name, n, n_items, answered in sizes:
        data = simulate(name, n, n_items, answered, rng)
        shown = "complete" if answered is None else f"{answered} answered each"
        print(f"== {name}: {n:,} candidates x {n_items} items, {shown}")
        for model in ("2pl", "3pl"):
            for res in [run_ours(data, model, memory=name == "L"), *run_peers(data, model, args)]:
                results.append(res)
                show(res)
    return results


def adaptive() -> dict[str, tuple[float | None, str]]:
    params = cat_bank(np.random.default_rng(SEED + 1))
    sh = cw_cat.SympsonHetter(np.random.default_rng(SEED + 2).uniform(0.3, 1.0, CAT_ITEMS))
    out: dict[str, tuple[float | None, str]] = {
        "ours_randomesque": (ours_cat_step(params, cw_cat.Randomesque(5)), "max info, randomesque k=5, EAP 61 points"),
        "ours_sympson_hetter": (ours_cat_step(params, sh), "max info, Sympson-Hetter, EAP"),
        "ours_randomesque_blueprint": (
            ours_cat_step(params, cw_cat.Randomesque(5), {"A": 0.4, "B": 0.3, "C": 0.2, "D": 0.1}),
            "as above + content balancing over 4 areas",
        ),
        "catsim_randomesque": catsim_step(params),
        "mirt_randomesque": mirt_cat_step(params),
    }
    print(f"== adaptive step on a {CAT_ITEMS:,}-item 3PL bank, {CAT_LENGTH} items per session (median)")
    for key, (value, note) in out.items():
        print(f"  {key:<28} " + (f"{value:9.1f} us  {note}" if value is not None else note))
    return out


def _seconds(results: list[Result], model: str, data: str) -> float | None:
    r = find(results, "certwright", model, data)
    return None if r is None else r.seconds


def _time_goal(name: str, value: float | None, limit: float, missing: str) -> None:
    goal(
        name, value, f"<= {limit:g} s", value is not None and value <= limit, "" if value is not None else missing, " s"
    )


def _rmse_goal(results: list[Result]) -> None:
    ours = find(results, "certwright", "2pl", "M")
    peers = [r for r in (find(results, "mirt", "2pl", "M"), find(results, "girth", "2pl", "M")) if r is not None]
    if ours is None or not peers:
        goal("2pl_M_rmse_vs_peers", None, "a and b no worse than each peer", False, "peers unavailable")
        return
    worse = [f"{p.library} {k}" for p in peers for k in ("a", "b") if ours.rmse[k] > p.rmse[k]]
    text = ", ".join(f"{p.library} a {p.rmse['a']:.5f} b {p.rmse['b']:.5f}" for p in peers)
    figure = f"ours a {ours.rmse['a']:.5f} b {ours.rmse['b']:.5f} vs {text}"
    if worse:
        figure += f"; worse: {', '.join(worse)}"
    verdict = "MISSED" if worse else "MET"
    print(f"GOAL 2pl_M_rmse_vs_peers: {figure} (target a and b no worse than each peer) {verdict}")


def calibration_goals(results: list[Result], missing: str) -> None:
    _time_goal("2pl_S_time", _seconds(results, "2pl", "S"), 0.05, missing)
    _time_goal("2pl_M_time", _seconds(results, "2pl", "M"), 0.5, missing)
    for peer, target in (("mirt", 6.0), ("girth", 50.0)):
        value, why = ratio(results, peer, "2pl", "M")
        goal(f"2pl_M_speedup_vs_{peer}", value, f">= {target:g}x", value is not None and value >= target, why, "x")
    _rmse_goal(results)
    _time_goal("2pl_L_time", _seconds(results, "2pl", "L"), 10.0, missing)
    value, why = ratio(results, "mirt", "2pl", "L")
    goal("2pl_L_speedup_vs_mirt", value, ">= 4x", value is not None and value >= 4, why, "x")
    _time_goal("3pl_M_time", _seconds(results, "3pl", "M"), 3.0, missing)
    _time_goal("3pl_L_time", _seconds(results, "3pl", "L"), 30.0, missing)
    l3 = find(results, "certwright", "3pl", "L")
    for key, target in (("b", 0.10), ("c", 0.03)):
        value = None if l3 is None else l3.rmse[key]
        goal(f"3pl_L_rmse_{key}", value, f"<= {target}", value is not None and value <= target, "" if l3 else missing)
    l_runs = [r for r in (find(results, "certwright", m, "L") for m in ("2pl", "3pl")) if r is not None]
    _time_goal("eap_L_200k_time", max((r.extra["eap_s"] for r in l_runs), default=None), 1.0, missing)
    peak = max((r.extra["peak_mb"] / 1024 for r in l_runs), default=None)
    goal("L_peak_memory", peak, "< 2 GB", peak is not None and peak < 2, "" if peak is not None else missing, " GB")


def cat_goals(cat: dict[str, tuple[float | None, str]]) -> None:
    ours_step = max(v for k, (v, _) in cat.items() if k.startswith("ours") and v is not None)
    goal(
        "cat_step_median",
        ours_step / 1e3,
        "<= 0.05 ms",
        ours_step <= 50,
        "worst of our exposure-control variants",
        " ms",
    )
    base = cat["ours_randomesque"][0]
    for peer in ("catsim", "mirt"):
        theirs, note = cat[f"{peer}_randomesque"]
        value = None if theirs is None or base is None else theirs / base
        goal(
            f"cat_speedup_vs_{peer}",
            value,
            ">= 20x",
            value is not None and value >= 20,
            "" if value is not None else note,
            "x",
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="S and M only")
    parser.add_argument("--full-peers", action="store_true", help="also the very slow peer runs on L")
    args = parser.parse_args()
    print(f"machine: {machine()}")
    print("timings: fit() wall clock without standard errors, best of 3 on S/M (girth 1), 1 run on L;")
    print("memory: tracemalloc peak of a second fit() on L (everything fit() allocates beyond its input)")
    warm_up(args.quick)
    results = calibration(args)
    cat = adaptive()
    import resource

    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20
    print(f"process max RSS at the end: {rss:.2f} GB (all libraries, all data sets)")
    calibration_goals(results, "not run (--quick)" if args.quick else "not run")
    cat_goals(cat)


if __name__ == "__main__":
    main()
