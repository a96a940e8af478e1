"""`make bench`: how fast is the from-scratch numpy code next to Keras/TensorFlow?

    python tools/bench.py                    # all three benchmarks (full MNIST), ~ a few minutes
    python tools/bench.py --parts mlp,conv   # some of them: mlp, conv, neuron
    LESSONS_QUICK=1 python tools/bench.py    # smaller data and fewer repeats (a smoke test)

Side by side, in one run:

1. mlp:    the lesson-03 numpy network (``lessons_lib.nets.TwoLayerNet`` 784-50-10, ReLU,
           ``lessons_lib.optimizers.SGD``, ``lessons_lib.training.train``) against the same Keras
           MLP (784-50-10, ReLU, softmax, SGD with the same learning rate, the same batch size,
           shuffled every epoch, the same data): seconds per epoch and the ratio numpy / Keras.
2. conv:   the numpy im2col ``Conv2D`` + ``MaxPool2D`` (``lessons_lib.conv``), forward + backward,
           against ``tf.nn.conv2d`` + ``tf.nn.max_pool2d`` under ``tf.GradientTape`` on the same
           shapes (eager, and inside ``tf.function``): milliseconds per step and the ratio.
3. neuron: the lesson-07 ``lessons_lib.neurons.SingleLayer`` on the breast-cancer training split
           with full-batch, mini-batch and per-sample (stochastic) gradient descent: seconds per
           epoch.

Every time is the median of several repeats after a warm-up (the best is shown beside it); the
variants being compared take turns (numpy epoch, Keras epoch, numpy epoch, ...) so that a change
in machine load affects them alike. The
results go to ``build/results/bench-<mode>.json`` and, as a "Benchmarks" section, into the
results file (``docs/RESULTS.md`` in full mode, ``build/RESULTS-quick.md`` in quick mode),
replacing the previous section; ``make results`` keeps that section when it rewrites the file.
The one-minute load average is recorded before and after: on a busy machine timings are not
representative, and the section says so.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import results as results_tool  # noqa: E402  (tools/results.py: rendering and file helpers)

PARTS = ("mlp", "conv", "neuron")
MLP_SIZES = (784, 50, 10)
MLP_LEARNING_RATE = 0.1
MLP_BATCH_SIZE = 100
CONV_SHAPE = dict(batch=100, height=28, width=28, channels=1, filters=32, kernel=3, pool=2)
NEURON_BATCH_SIZES = (("full batch", None), ("mini-batch (32)", 32), ("per sample (1)", 1))


# --------------------------------------------------------------------------------------------
# Pure helpers: numbers -> summary, measurements -> tables (unit-tested).
# --------------------------------------------------------------------------------------------

def summarize(times) -> dict:
    """{"median", "best", "n"} of a list of durations in seconds."""
    times = [float(t) for t in times]
    if not times:
        raise ValueError("times must hold at least one duration")
    return {"median": statistics.median(times), "best": min(times), "n": len(times)}


def ratio_text(numerator: float, denominator: float) -> str:
    """"2.31x" (how many times longer ``numerator`` takes), "n/a" if either is missing."""
    if not numerator or not denominator:
        return "n/a"
    return f"{numerator / denominator:.2f}x"


def _seconds(x: float) -> str:
    return f"{x:.3f}" if x < 10 else f"{x:.1f}"


def _millis(x: float) -> str:
    return f"{x * 1000:.1f}" if x >= 0.001 else f"{x * 1000:.3f}"


def bench_tables(measured: dict) -> list[dict]:
    """Tables for the results file from the raw measurements (see ``run_*`` for their shape)."""
    tables = []
    mlp = measured.get("mlp")
    if mlp:
        if "skipped" in mlp:
            tables.append({"title": "1. Lesson-03 MLP: numpy vs Keras", "note": mlp["skipped"],
                           "columns": ["implementation", "s / epoch"], "rows": []})
        else:
            numpy_t, keras_t = mlp["numpy"], mlp["keras"]
            tables.append({
                "title": "1. Lesson-03 MLP: numpy vs Keras (seconds per epoch)",
                "note": (f"{'-'.join(map(str, mlp['sizes']))} ReLU/softmax, SGD lr {mlp['learning_rate']}, "
                         f"batch {mlp['batch_size']}, {mlp['n_train']:,} MNIST training images, shuffled every "
                         f"epoch, float32. Median of {numpy_t['n']} epochs (Keras: after one warm-up epoch). numpy "
                         "runs with one BLAS thread (lessons_lib.training.train limits it), Keras with "
                         "TensorFlow's default threads. Ratio > 1: numpy is slower. CPU time is summed over all "
                         "threads of the process (time.process_time)."),
                "columns": ["implementation", "s / epoch (median)", "best", "ratio to Keras (medians)",
                            "ratio (bests)", "CPU s / epoch (median)"],
                "rows": [["numpy (lessons_lib.training.train)", _seconds(numpy_t["median"]),
                          _seconds(numpy_t["best"]), ratio_text(numpy_t["median"], keras_t["median"]),
                          ratio_text(numpy_t["best"], keras_t["best"]),
                          _seconds(mlp["numpy_cpu"]["median"]) if "numpy_cpu" in mlp else "-"],
                         ["Keras 3 (model.fit)", _seconds(keras_t["median"]), _seconds(keras_t["best"]), "1.00x",
                          "1.00x", _seconds(mlp["keras_cpu"]["median"]) if "keras_cpu" in mlp else "-"]]})
    conv = measured.get("conv")
    if conv:
        if "skipped" in conv:
            tables.append({"title": "2. Convolution + max pooling: numpy im2col vs TensorFlow",
                           "note": conv["skipped"], "columns": ["implementation", "ms / step"], "rows": []})
        else:
            s = conv["shape"]
            reference, best_reference = conv["tf_eager"]["median"], conv["tf_eager"]["best"]
            rows = [[label, _millis(conv[key]["median"]), _millis(conv[key]["best"]),
                     ratio_text(conv[key]["median"], reference), ratio_text(conv[key]["best"], best_reference)]
                    for key, label in (("numpy", "numpy im2col (lessons_lib.conv), default BLAS threads"),
                                       ("numpy_1thread", "numpy im2col, BLAS limited to 1 thread"),
                                       ("tf_eager", "TensorFlow, eager GradientTape"),
                                       ("tf_function", "TensorFlow, tf.function")) if key in conv]
            tables.append({
                "title": "2. Convolution + max pooling, forward + backward (milliseconds per step)",
                "note": (f"Batch {s['batch']} of {s['height']}x{s['width']}x{s['channels']} -> {s['filters']} "
                         f"filters {s['kernel']}x{s['kernel']} (stride 1, same padding) -> max pool "
                         f"{s['pool']}x{s['pool']}; gradients for the input, weights and biases; "
                         f"{conv['dtype']}. Median of {conv['numpy']['n']} steps after a warm-up; numpy's dx agrees "
                         f"with TensorFlow's to a relative {conv.get('dx_max_relative_difference', float('nan')):.0e}."),
                "columns": ["implementation", "ms / step (median)", "best", "ratio to TF eager (medians)",
                            "ratio (bests)"],
                "rows": rows})
    neuron = measured.get("neuron")
    if neuron:
        if "skipped" in neuron:
            tables.append({"title": "3. Lesson-07 neuron", "note": neuron["skipped"],
                           "columns": ["gradient descent", "s / epoch"], "rows": []})
        else:
            reference = neuron["runs"][0]["median"]
            tables.append({
                "title": "3. Lesson-07 neuron: batch vs mini-batch vs per-sample (milliseconds per epoch)",
                "note": (f"lessons_lib.neurons.SingleLayer on the standardized breast-cancer training split "
                         f"({neuron['n_train']} x {neuron['n_features']}), {neuron['epochs']} epochs per fit; "
                         f"median of {neuron['runs'][0]['n']} fits."),
                "columns": ["gradient descent", "updates / epoch", "ms / epoch (median)", "best",
                            "ratio to full batch"],
                "rows": [[run["label"], str(run["updates_per_epoch"]), _millis(run["median"]),
                          _millis(run["best"]), ratio_text(run["median"], reference)] for run in neuron["runs"]]})
    for table, part in zip(tables, [p for p in PARTS if measured.get(p)]):
        if measured[part].get("date"):
            table["note"] = (table.get("note", "") + f" Measured {measured[part]['date']}.").strip()
    return tables


def load_warning(measured: dict, cores: int) -> str:
    """A warning naming the parts measured on a busy machine (1-minute load average above half
    the cores before or after the part ran), or ""."""
    busy = [f"{part} ({max(result['load_average']):.1f})" for part, result in measured.items()
            if result.get("load_average") and max(result["load_average"]) > 0.5 * cores]
    if not busy:
        return ""
    return (f"The machine was shared while these ran (highest 1-minute load average on {cores} cores: "
            f"{', '.join(busy)}): these timings are not representative; rerun `make bench` on an idle machine.")


def text_table(table: dict) -> str:
    """A plain-text rendering of one table for the terminal."""
    rows = [table["columns"]] + table["rows"]
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(table["columns"]))]
    lines = [table["title"]]
    for index, row in enumerate(rows):
        lines.append("  " + "  ".join(str(cell).ljust(width) for cell, width in zip(row, widths)))
        if index == 0:
            lines.append("  " + "  ".join("-" * width for width in widths))
    if not table["rows"] and table.get("note"):
        lines.append("  " + table["note"])
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# Measurements.
# --------------------------------------------------------------------------------------------

def _import_keras():
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    import keras
    import tensorflow as tf

    return keras, tf


def run_mlp(quick: bool, repeats: int) -> dict:
    """Seconds per epoch of the numpy two-layer net and of the same Keras MLP."""
    try:
        from lessons_lib.nets import TwoLayerNet
        from lessons_lib.optimizers import SGD
        from lessons_lib.training import train
    except ImportError as error:
        return {"skipped": f"not run: lesson-03 code missing ({error})"}
    from lessons_lib.data import load_mnist

    n_train = 10000 if quick else 60000
    (x_train, y_train), _ = load_mnist(normalize=True, flatten=True, n_train=n_train, n_test=1000)
    x_train = x_train.astype("float32")
    y_train = y_train.astype("int64")

    net = TwoLayerNet(MLP_SIZES[0], MLP_SIZES[1], MLP_SIZES[2], seed=0)
    optimizer = SGD(lr=MLP_LEARNING_RATE)
    numpy_times: list[float] = []
    keras_times: list[float] = []
    numpy_cpu: list[float] = []
    keras_cpu: list[float] = []

    def numpy_epoch(seed):
        start, cpu_start = time.perf_counter(), time.process_time()
        train(net, optimizer, x_train, y_train, epochs=1, batch_size=MLP_BATCH_SIZE, seed=seed,
              eval_every_epoch=False, eval_size=100, progress=False)
        return time.perf_counter() - start, time.process_time() - cpu_start

    keras, _ = _import_keras()
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input(shape=(MLP_SIZES[0],)),
                              keras.layers.Dense(MLP_SIZES[1], activation="relu"),
                              keras.layers.Dense(MLP_SIZES[2], activation="softmax")])
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=MLP_LEARNING_RATE),
                  loss="sparse_categorical_crossentropy")

    class Interleaved(keras.callbacks.Callback):
        """Times each Keras epoch, then runs and times one numpy epoch, so that both see the
        same machine load (epoch 0 of each is a warm-up and is not counted)."""

        def on_epoch_begin(self, epoch, logs=None):
            self.start, self.cpu_start = time.perf_counter(), time.process_time()

        def on_epoch_end(self, epoch, logs=None):
            keras_seconds, keras_cpu_seconds = time.perf_counter() - self.start, time.process_time() - self.cpu_start
            numpy_seconds, numpy_cpu_seconds = numpy_epoch(seed=epoch)
            if epoch > 0:
                keras_times.append(keras_seconds)
                numpy_times.append(numpy_seconds)
                keras_cpu.append(keras_cpu_seconds)
                numpy_cpu.append(numpy_cpu_seconds)
            print(f"  epoch {epoch}: Keras {keras_seconds:.2f} s, numpy {numpy_seconds:.2f} s"
                  + (" (warm-up, not counted)" if epoch == 0 else ""), flush=True)

    model.fit(x_train, y_train, epochs=repeats + 1, batch_size=MLP_BATCH_SIZE, shuffle=True, verbose=0,
              callbacks=[Interleaved()])
    return {"sizes": list(MLP_SIZES), "learning_rate": MLP_LEARNING_RATE, "batch_size": MLP_BATCH_SIZE,
            "n_train": len(x_train), "numpy": summarize(numpy_times), "keras": summarize(keras_times),
            "numpy_cpu": summarize(numpy_cpu), "keras_cpu": summarize(keras_cpu),
            "numpy_times": numpy_times, "keras_times": keras_times}


def _time_round_robin(steps: dict, repeats: int, warmup: int = 2) -> dict:
    """Time each of ``steps`` ({name: function}) ``repeats`` times, taking turns (a, b, c, a, b,
    c, ...) so that a change in machine load hits all of them alike. Returns {name: [seconds]}."""
    for _ in range(warmup):
        for step in steps.values():
            step()
    times = {name: [] for name in steps}
    for _ in range(repeats):
        for name, step in steps.items():
            start = time.perf_counter()
            step()
            times[name].append(time.perf_counter() - start)
    return times


def _numpy_conv_layers(weights, biases):
    """lessons_lib.conv's Conv2D (stride 1, same padding) and MaxPool2D for the benchmark (NCHW)."""
    from lessons_lib.conv import Conv2D, MaxPool2D

    k, p = CONV_SHAPE["kernel"], CONV_SHAPE["pool"]
    return Conv2D(weights, biases, stride=1, pad=(k - 1) // 2), MaxPool2D(pool_h=p, pool_w=p, stride=p)


def run_conv(quick: bool, repeats: int) -> dict:
    """Milliseconds per forward + backward step of numpy im2col conv + pool and TensorFlow's."""
    import numpy as np

    try:
        from lessons_lib.conv import Conv2D, MaxPool2D  # noqa: F401 - only checking they exist
    except ImportError as error:
        return {"skipped": f"not run: lessons_lib.conv (Conv2D, MaxPool2D) missing ({error})"}
    s = CONV_SHAPE
    rng = np.random.default_rng(0)
    dtype = np.float32
    x = rng.random((s["batch"], s["channels"], s["height"], s["width"])).astype(dtype)
    weights = (0.1 * rng.standard_normal((s["filters"], s["channels"], s["kernel"], s["kernel"]))).astype(dtype)
    biases = np.zeros(s["filters"], dtype=dtype)
    out_hw = s["height"] // s["pool"]
    dout = rng.standard_normal((s["batch"], s["filters"], out_hw, out_hw)).astype(dtype)
    conv_layer, pool_layer = _numpy_conv_layers(weights, biases)

    def numpy_step():
        pool_layer.forward(conv_layer.forward(x))
        return conv_layer.backward(pool_layer.backward(dout))

    _, tf = _import_keras()
    x_tf = tf.constant(x.transpose(0, 2, 3, 1))                       # NHWC
    w_tf = tf.Variable(weights.transpose(2, 3, 1, 0))                 # (kh, kw, in, out)
    b_tf = tf.Variable(biases)
    dout_tf = tf.constant(dout.transpose(0, 2, 3, 1))

    def tf_step():
        with tf.GradientTape() as tape:
            tape.watch(x_tf)
            y = tf.nn.max_pool2d(tf.nn.conv2d(x_tf, w_tf, strides=1, padding="SAME") + b_tf,
                                 ksize=s["pool"], strides=s["pool"], padding="VALID")
        return tape.gradient(y, [x_tf, w_tf, b_tf], output_gradients=dout_tf)

    compiled = tf.function(tf_step)

    def tf_eager_step():
        return [g.numpy() for g in tf_step()]

    def tf_function_step():
        return [g.numpy() for g in compiled()]

    # The same numbers both ways: numpy's backward must agree with TensorFlow's gradient.
    dx_numpy = np.asarray(numpy_step())
    dx_tf = tf_eager_step()[0].transpose(0, 3, 1, 2)
    agreement = float(np.max(np.abs(dx_numpy - dx_tf)) / (np.max(np.abs(dx_tf)) + 1e-12))

    steps = {"numpy": numpy_step, "tf_eager": tf_eager_step, "tf_function": tf_function_step}
    # The same numpy code with OpenBLAS limited to one thread (what lessons_lib.training.train
    # does): the matrices here are tall and thin (K = C*FH*FW = 9), where extra BLAS threads
    # mostly wait for each other, badly so on a busy machine.
    try:
        from threadpoolctl import ThreadpoolController

        controller = ThreadpoolController()  # found once; limiting it per step is then cheap

        def numpy_one_thread_step():
            with controller.limit(limits=1, user_api="blas"):
                return numpy_step()

        steps["numpy_1thread"] = numpy_one_thread_step
    except ImportError:
        pass
    times = _time_round_robin(steps, 4 * repeats)  # steps take milliseconds: more repeats
    for name, values in times.items():
        print(f"  {name}: median {statistics.median(values) * 1000:.1f} ms per step", flush=True)
    measured = {"shape": dict(s), "dtype": "float32", "dx_max_relative_difference": agreement}
    measured.update({name: summarize(values) for name, values in times.items()})
    return measured


def run_neuron(quick: bool, repeats: int) -> dict:
    """Seconds per epoch of SingleLayer with batch, mini-batch and per-sample gradient descent."""
    try:
        from lessons_lib.neurons import SingleLayer
    except ImportError as error:
        return {"skipped": f"not run: lessons_lib.neurons missing ({error})"}
    import numpy as np
    from sklearn.datasets import load_breast_cancer
    from sklearn.model_selection import train_test_split

    data = load_breast_cancer()
    x_train, _, y_train, _ = train_test_split(data.data, data.target, stratify=data.target, test_size=0.2,
                                              random_state=42)
    x_train = (x_train - x_train.mean(axis=0)) / x_train.std(axis=0)
    epochs = 5 if quick else 20

    def fit_step(batch_size):
        def step():
            SingleLayer(learning_rate=0.01, batch_size=batch_size, epochs=epochs).fit(x_train, y_train)
        return step

    times = _time_round_robin({label: fit_step(batch_size) for label, batch_size in NEURON_BATCH_SIZES},
                              repeats, warmup=1)
    runs = []
    for label, batch_size in NEURON_BATCH_SIZES:
        updates = 1 if batch_size is None else int(np.ceil(len(x_train) / batch_size))
        runs.append({"label": label, "batch_size": batch_size, "updates_per_epoch": updates,
                     **summarize([seconds / epochs for seconds in times[label]])})
        print(f"  neuron {label}: median {runs[-1]['median'] * 1000:.2f} ms per epoch", flush=True)
    return {"n_train": int(x_train.shape[0]), "n_features": int(x_train.shape[1]), "epochs": epochs, "runs": runs}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--parts", default=",".join(PARTS), help="comma-separated: mlp, conv, neuron")
    parser.add_argument("--repeats", type=int, help="timed repeats per measurement (default 5, quick 2)")
    parser.add_argument("--output", type=Path, help="results file to update (default: docs/RESULTS.md in full "
                        "mode, build/RESULTS-quick.md in quick mode)")
    args = parser.parse_args(argv)
    from lessons_lib.config import QUICK

    quick = QUICK
    parts = [part.strip() for part in args.parts.split(",") if part.strip()]
    unknown = set(parts) - set(PARTS)
    if unknown:
        parser.error(f"unknown part(s) {sorted(unknown)}; choose from {PARTS}")
    repeats = args.repeats or (2 if quick else 5)
    if repeats < 1:
        parser.error("--repeats must be at least 1")
    mode = results_tool.mode_name(quick)
    print(f"make bench: {mode} mode, {repeats} timed repeats per measurement (median reported)", flush=True)

    # Parts not run this time keep their previous measurements (a partial rerun still shows all).
    previous = results_tool.read_json(results_tool.bench_path(quick), {})
    measured = dict(previous.get("measured", {}))
    runners = {"mlp": run_mlp, "conv": run_conv, "neuron": run_neuron}
    for part in parts:
        print(f"[{part}]", flush=True)
        load_before = os.getloadavg()[0]
        result = runners[part](quick, repeats)
        result.update(date=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
                      load_average=[load_before, os.getloadavg()[0]])
        measured[part] = result
    measured = {part: measured[part] for part in PARTS if part in measured}

    bench = {"date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), "mode": mode,
             "method": "Times are medians of repeats (best also shown), wall clock (time.perf_counter); the "
                       "variants compared take turns, so load changes hit all alike. On a busy machine the best "
                       "time is the better estimate of the code's own cost.",
             "machine": results_tool.machine_info(), "measured": measured, "tables": bench_tables(measured),
             "shared_machine_warning": load_warning(measured, os.cpu_count() or 1)}
    results_tool.write_json(results_tool.bench_path(quick), bench)

    print()
    for table in bench["tables"]:
        print(text_table(table) + "\n")
    if bench["shared_machine_warning"]:
        print("WARNING: " + bench["shared_machine_warning"])

    output = args.output or results_tool.default_output(quick)
    section = results_tool.render_bench_section(bench)
    if output.exists():
        output.write_text(results_tool.replace_bench_section(output.read_text(encoding="utf-8"), section), encoding="utf-8")
    else:
        results_tool.write_results(quick, output, results_tool.discover_notebooks())
    print(f"wrote {results_tool.bench_path(quick)} and the Benchmarks section of {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
