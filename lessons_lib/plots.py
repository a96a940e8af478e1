"""Plotting helpers shared by the notebooks.

:func:`use_korean_font` lets figure titles carry Korean terms (퍼셉트론) on every machine (laptop,
CI, Colab, Binder, Windows) with no system font installed: lessons_lib ships NanumGothic
(lessons_lib/fonts/, SIL Open Font License 1.1) and registers it with matplotlib.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

SHIPPED_FONT = Path(__file__).resolve().parent / "fonts" / "NanumGothic.ttf"
"""NanumGothic, unmodified, from NAVER's Nanum fonts (OFL 1.1; lessons_lib/fonts/OFL.txt)."""
KOREAN_FONTS = ("NanumGothic", "Malgun Gothic", "AppleGothic", "Noto Sans CJK KR", "Noto Sans KR")


def _check_ax(ax):
    """ax is a matplotlib Axes or None (a new figure)."""
    if ax is not None and not (hasattr(ax, "plot") and hasattr(ax, "add_patch")):
        raise TypeError(f"ax must be a matplotlib Axes or None, got {type(ax).__name__}")
    return ax


def _check_text(name: str, value) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string, got {type(value).__name__}")
    return value


def _check_flag(name: str, value) -> bool:
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {value!r}")
    return bool(value)


def _check_positive(name: str, value, integer: bool = False):
    kinds = (int, np.integer) if integer else (int, float, np.integer, np.floating)
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, kinds):
        raise TypeError(f"{name} must be a positive {'integer' if integer else 'number'}, got {value!r}")
    if not (np.isfinite(value) and value > 0):
        raise ValueError(f"{name} must be a positive {'integer' if integer else 'number'}, got {value!r}")
    return int(value) if integer else float(value)


def _check_figsize(figsize) -> tuple:
    if not isinstance(figsize, (tuple, list)) or len(figsize) != 2:
        raise TypeError(f"figsize must be (width, height) in inches, got {figsize!r}")
    figsize = tuple(_check_positive("figsize", size) for size in figsize)
    if max(figsize) > 100:
        raise ValueError(f"figsize is in inches; {figsize} is larger than any screen")
    return figsize


def _as_curve(name: str, values) -> np.ndarray:
    """A non-empty 1-D array of finite numbers, or a ValueError naming ``name``."""
    try:
        array = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a sequence of numbers, got {type(values).__name__}") from None
    if array.ndim != 1 or array.size == 0:
        raise ValueError(f"{name} must be a non-empty 1-D sequence of numbers, got shape {array.shape}")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} holds NaN or inf: a diverged run? ({array.tolist()[:6]}...)")
    return array


def _is_finite_number(value) -> bool:
    return (isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool)
            and bool(np.isfinite(value)))


def _check_labels(name: str, values, count: int):
    if values is None:
        return None
    try:
        one_dimensional = np.ndim(values) == 1
    except ValueError:  # ragged
        one_dimensional = False
    if isinstance(values, (str, bytes, dict)) or not one_dimensional or len(values) != count:
        raise ValueError(f"{name} must hold one entry per image ({count}), got {values!r:.80}")
    return values


def use_korean_font() -> str | None:
    """Register the shipped NanumGothic and use it; return the Korean font's name.

    Falls back to the first installed Korean-capable system font if the shipped file is missing,
    and returns None (silently) if there is none. Latin text, digits and minus signs come from
    DejaVu Sans (matplotlib's own font, which log-axis labels such as 10^-2 need), Hangul from
    the Korean font. Also sets ``axes.unicode_minus = False`` so minus signs render.
    """
    import matplotlib
    from matplotlib import font_manager

    matplotlib.rcParams["axes.unicode_minus"] = False
    registered = {Path(font.fname) for font in font_manager.fontManager.ttflist}
    if SHIPPED_FONT.exists() and SHIPPED_FONT not in registered:
        font_manager.fontManager.addfont(str(SHIPPED_FONT))
    installed = {font.name for font in font_manager.fontManager.ttflist}
    for name in KOREAN_FONTS:
        if name in installed:
            # DejaVu Sans first: mathtext (log-axis ticks such as 10^-2) uses the first family
            # alone, and the Korean fonts have no U+2212 minus; Hangul falls back to ``name``.
            matplotlib.rcParams["font.family"] = ["DejaVu Sans", name]
            return name
    return None


def setup(figsize=(6.4, 4.0), dpi: int = 100) -> str | None:
    """Course-wide figure defaults plus :func:`use_korean_font`. Returns the Korean font or None."""
    import matplotlib

    figsize, dpi = _check_figsize(figsize), _check_positive("dpi", dpi, integer=True)
    if dpi > 1200:
        raise ValueError(f"dpi must be at most 1200 (screens use 72-200), got {dpi}")
    matplotlib.rcParams.update({"figure.figsize": figsize, "figure.dpi": dpi,
                                "axes.grid": True, "grid.alpha": 0.3})
    return use_korean_font()


def plot_curves(curves: dict, ax=None, title: str = "", xlabel: str = "epoch", ylabel: str = "",
                logy: bool = False):
    """Plot several named 1-D curves ({label: values}) on one axis with a legend."""
    import matplotlib.pyplot as plt

    if not isinstance(curves, dict) or not curves:
        raise ValueError("curves must be a non-empty dict {label: sequence of numbers}")
    curves = {label: _as_curve(f"curves[{label!r}]", values) for label, values in curves.items()}
    _check_ax(ax), _check_text("title", title), _check_text("xlabel", xlabel)
    _check_text("ylabel", ylabel), _check_flag("logy", logy)
    if ax is None:
        _, ax = plt.subplots()
    for label, values in curves.items():
        ax.plot(np.arange(1, len(values) + 1), values, label=label)
    if logy:
        ax.set_yscale("log")
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # epochs: no 2.5 ticks
    ax.set(title=title, xlabel=xlabel, ylabel=ylabel)
    ax.legend()
    return ax


def show_digits(images, labels=None, predictions=None, n_cols: int = 10, title: str = "", size: float = 1.1):
    """Show a grid of 28x28 images with optional true labels and predictions (wrong ones in red)."""
    import matplotlib.pyplot as plt

    try:
        images = np.asarray(images, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"images must be an array of images, got {type(images).__name__}") from None
    if images.ndim == 2 and images.shape[1] == 784:
        images = images.reshape(-1, 28, 28)
    if images.ndim == 4 and images.shape[-1] == 1:  # Keras's (N, H, W, 1)
        images = images[..., 0]
    if images.ndim != 3 or images.size == 0:
        raise ValueError(f"images must be (N, H, W), (N, H, W, 1) or (N, 784) with N >= 1, got shape "
                         f"{images.shape}")
    labels = _check_labels("labels", labels, len(images))
    predictions = _check_labels("predictions", predictions, len(images))
    n_cols, size = _check_positive("n_cols", n_cols, integer=True), _check_positive("size", size)
    _check_text("title", title)
    n_rows = int(np.ceil(len(images) / n_cols))
    fig, axes = plt.subplots(n_rows, n_cols, figsize=(size * n_cols, size * n_rows * 1.15), squeeze=False)
    for index, ax in enumerate(axes.flat):
        ax.axis("off")
        if index >= len(images):
            continue
        ax.imshow(images[index], cmap="gray_r")
        parts = []
        if labels is not None:
            parts.append(f"true {labels[index]}")
        if predictions is not None:
            parts.append(f"pred {predictions[index]}")
        wrong = labels is not None and predictions is not None and labels[index] != predictions[index]
        ax.set_title("\n".join(parts), fontsize=8, color="red" if wrong else "black")
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def show_images(images, titles=None, n_cols: int = 8, cmap: str = "gray_r", title: str = "",
                size: float = 1.3, symmetric: bool = False):
    """Show a grid of 2-D arrays (filters, feature maps, weight images) with optional titles.

    images: (K, H, W) or a list of (H, W) arrays. ``symmetric=True`` centres the colour scale of
    each image on 0 (use a diverging ``cmap`` such as "RdBu_r" for weights: red +, blue -).
    Lesson 06 uses it for softmax weights, convolution filters and feature maps.
    """
    import matplotlib.pyplot as plt

    try:
        images = [np.asarray(image, dtype=float) for image in images]
    except (TypeError, ValueError):
        raise TypeError(f"images must be a sequence of 2-D arrays, got {type(images).__name__}") from None
    if not images or any(image.ndim != 2 or image.size == 0 for image in images):
        raise ValueError("images must be a non-empty sequence of 2-D arrays (K, H, W)")
    titles = _check_labels("titles", titles, len(images))
    n_cols, size = _check_positive("n_cols", n_cols, integer=True), _check_positive("size", size)
    _check_text("cmap", cmap), _check_text("title", title), _check_flag("symmetric", symmetric)
    n_cols = min(n_cols, len(images))
    n_rows = int(np.ceil(len(images) / n_cols))
    fig, axes = plt.subplots(n_rows, n_cols, figsize=(size * n_cols, size * n_rows * (1.2 if titles else 1.0)),
                             squeeze=False)
    for index, ax in enumerate(axes.flat):
        ax.axis("off")
        if index >= len(images):
            continue
        image = images[index]
        limit = float(np.max(np.abs(image))) or 1.0
        ax.imshow(image, cmap=cmap, vmin=-limit if symmetric else None, vmax=limit if symmetric else None)
        if titles is not None:
            ax.set_title(str(titles[index]), fontsize=9)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def plot_computational_graph(nodes: dict, edges: list, ax=None, title: str = ""):
    """Draw a small computational graph with forward values (black, above each arrow) and
    backward gradients (red, below it), as in lesson 03's apple examples.

    nodes: {name: (x, y, label)}; a one-character label ("×", "+") is drawn as an operation circle,
    a longer one as plain text ending at (x, y) for an input, starting there for an output. edges: [(from_name, to_name, forward_text, backward_text)].
    """
    import matplotlib.pyplot as plt

    if not isinstance(nodes, dict) or not nodes:
        raise ValueError("nodes must be a non-empty dict {name: (x, y, label)}")
    for name, node in nodes.items():
        if not (isinstance(node, (tuple, list)) and len(node) == 3 and isinstance(node[2], str)
                and all(_is_finite_number(value) for value in node[:2])):
            raise ValueError(f"nodes[{name!r}] must be (x, y, label) with finite x, y, got {node!r:.80}")
    if not isinstance(edges, (list, tuple)) or not all(
            isinstance(edge, (tuple, list)) and len(edge) == 4 for edge in edges):
        raise ValueError("edges must be a list of (from_name, to_name, forward_text, backward_text)")
    _check_ax(ax), _check_text("title", title)
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 3))
    for name, (x, y, label) in nodes.items():
        if len(label) == 1:
            ax.add_patch(plt.Circle((x, y), 0.28, facecolor="white", edgecolor="black", zorder=2))
            ax.text(x, y, label, ha="center", va="center", fontsize=15, zorder=3)
        else:  # an input (text right of its point is the arrow's start) or an output
            is_input = any(edge[0] == name for edge in edges)
            ax.text(x, y, label, ha="right" if is_input else "left", va="center", fontsize=10)
    for source, target, forward_text, backward_text in edges:
        if source not in nodes or target not in nodes:
            raise ValueError(f"edge ({source!r}, {target!r}) names a node not in nodes")
        (x0, y0, label0), (x1, y1, label1) = nodes[source], nodes[target]
        if (x0, y0) == (x1, y1):
            raise ValueError(f"edge ({source!r}, {target!r}) joins two nodes at the same place")
        start, end = np.array([x0, y0], float), np.array([x1, y1], float)
        direction = (end - start) / np.linalg.norm(end - start)
        normal = np.array([-direction[1], direction[0]])   # points to the left of the arrow
        start = start + direction * (0.32 if len(label0) == 1 else 0.08)
        end = end - direction * (0.32 if len(label1) == 1 else 0.08)
        ax.annotate("", xy=end, xytext=start, arrowprops=dict(arrowstyle="->", lw=1.2))
        anchor = start + 0.45 * (end - start)
        angle = float(np.degrees(np.arctan2(direction[1], direction[0])))
        for text, side, color in ((forward_text, 1, "black"), (backward_text, -1, "red")):
            x, y = anchor + side * 0.2 * normal
            ax.text(x, y, text, ha="center", va="center", fontsize=10, color=color, rotation=angle,
                    rotation_mode="anchor")
    xs = [x for x, _, _ in nodes.values()]
    ys = [y for _, y, _ in nodes.values()]
    ax.set_xlim(min(xs) - 1.6, max(xs) + 1.2)
    ax.set_ylim(min(ys) - 0.8, max(ys) + 0.8)
    ax.set_aspect("equal")
    ax.axis("off")
    if title:
        ax.set_title(title)
    return ax


def plot_train_val(history: dict, title: str = "", metrics=("loss", "accuracy")):
    """Training vs validation curves from a Keras ``history`` dict, one panel per metric.

    history: ``{"loss": [...], "val_loss": [...], "accuracy": [...], ...}`` (``fit(...).history``
    or ``train_and_evaluate(...)["history"]``). A widening gap between the two curves is
    overfitting. Lesson 06 uses it for the MLPs and the CNNs.
    """
    import matplotlib.pyplot as plt

    if isinstance(metrics, str) or not isinstance(metrics, (tuple, list)) or not all(
            isinstance(metric, str) for metric in metrics):
        raise TypeError(f"metrics must be a sequence of metric names, got {metrics!r:.80}")
    if not isinstance(history, dict) or not any(metric in history for metric in metrics):
        keys = sorted(history) if isinstance(history, dict) else type(history).__name__
        raise ValueError(f"history must be a dict with keys among {metrics}, got {keys}")
    _check_text("title", title)
    shown = [metric for metric in metrics if metric in history]
    history = {key: _as_curve(f"history[{key!r}]", history[key]) for key in
               [m for m in shown] + [f"val_{m}" for m in shown if f"val_{m}" in history]}
    fig, axes = plt.subplots(1, len(shown), figsize=(5.2 * len(shown), 3.6), squeeze=False)
    for ax, metric in zip(axes.flat, shown):
        for key, label in ((metric, "training"), (f"val_{metric}", "validation")):
            if key in history:
                values = history[key]
                ax.plot(np.arange(1, len(values) + 1), values, marker="o", markersize=3, label=label)
        ax.set(xlabel="epoch", ylabel=metric, title=f"{title}: {metric}" if title else metric)
        ax.legend()
    fig.tight_layout()
    return fig


def draw_network(layers, ax=None, edge_labels=None, title: str = "", node_labels=None):
    """Draw a small network as circles and arrows (DLFS figs. 2-1 and 2-13), one column per layer.

    layers: node names per layer, e.g. ``[["x1", "x2"], ["y"]]`` (math such as ``"$x_1$"`` works).
    edge_labels: ``{(from name, to name): text}`` written on those arrows (e.g. the weights).
    node_labels: ``{name: text}`` written under a node (e.g. its bias or the gate it computes).
    Lessons 01 and 02 draw the perceptron and the XOR network with it. Returns the axis.
    """
    import matplotlib.pyplot as plt

    if not isinstance(layers, (list, tuple)) or len(layers) < 2 or not all(layers):
        raise ValueError("layers must list at least two non-empty layers of node names")
    if not all(isinstance(names, (list, tuple)) and all(isinstance(n, str) for n in names)
               for names in layers):
        raise ValueError(f"layers must be lists of node names (strings), got {layers!r:.80}")
    for name, value in (("edge_labels", edge_labels), ("node_labels", node_labels)):
        if value is not None and not isinstance(value, dict):
            raise TypeError(f"{name} must be a dict or None, got {type(value).__name__}")
    _check_ax(ax), _check_text("title", title)
    edge_labels, node_labels = dict(edge_labels or {}), dict(node_labels or {})
    if ax is None:
        _, ax = plt.subplots(figsize=(2.4 * len(layers), 1.4 + 0.9 * max(map(len, layers))))
    radius, position = 0.22, {}
    for column, names in enumerate(layers):
        for row, name in enumerate(names):
            position[name] = (column * 2.0, (len(names) - 1) / 2 - row)
    for key, text in list(edge_labels.items()):
        if not (isinstance(key, tuple) and len(key) == 2):
            raise ValueError(f"edge_labels keys must be (from name, to name), got {key!r}")
        start, end = key
        if start not in position or end not in position:
            raise ValueError(f"edge_labels names a node that is not in layers: {(start, end)}")
    for left, right in zip(layers, layers[1:]):
        for start in left:
            for end in right:
                (x0, y0), (x1, y1) = position[start], position[end]
                ax.annotate("", xy=(x1 - radius, y1), xytext=(x0 + radius, y0),
                            arrowprops={"arrowstyle": "->", "color": "0.35", "lw": 1.3})
                if (start, end) in edge_labels:
                    ax.text(x0 + 0.62 * (x1 - x0), y0 + 0.62 * (y1 - y0) + 0.1, edge_labels[(start, end)],
                            ha="center", va="bottom", fontsize=10, color="tab:blue")
    for name, (x, y) in position.items():
        ax.add_patch(plt.Circle((x, y), radius, facecolor="white", edgecolor="black", lw=1.5, zorder=3))
        ax.text(x, y, name, ha="center", va="center", fontsize=11, zorder=4)
        if name in node_labels:
            ax.text(x, y - radius - 0.08, node_labels[name], ha="center", va="top", fontsize=9, color="tab:red")
    ax.set(xlim=(-0.6, 2.0 * (len(layers) - 1) + 0.6), title=title, aspect="equal")
    ax.set_ylim(-max(map(len, layers)) / 2 - 0.3, max(map(len, layers)) / 2 + 0.1)
    ax.axis("off")
    return ax


# --- lesson 03: the computational graphs of its layers, with shapes (cs231n circuit style) ---
_LAYER_GRAPHS = {
    "sigmoid": (
        "Sigmoid: forward (black), backward (red); × is ×(-1), e is exp",
        (10, 2.2),
        {"x": (0, 0, "x (N, M)"), "neg": (1.6, 0, "×"), "exp": (3.4, 0, "e"), "add": (5.2, 0, "+"),
         "div": (7.0, 0, "/"), "y": (8.4, 0, "y (N, M)")},
        [("x", "neg", "x", "dout·y(1-y)"), ("neg", "exp", "-x", "-dout·y(1-y)"),
         ("exp", "add", "exp(-x)", "-dout·y²"), ("add", "div", "1+exp(-x)", "-dout·y²"),
         ("div", "y", "y", "dout")],
    ),
    "affine": (
        "Affine: shapes forward (black), gradients backward (red)",
        (9, 3.4),
        {"X": (0, 1.2, "X (N, D)"), "W": (0, -0.6, "W (D, M)"), "dot": (2.6, 0.3, "·"),
         "b": (2.6, -1.5, "b (M,)"), "add": (5.2, 0, "+"), "Y": (7.0, 0, "Y (N, M)")},
        [("X", "dot", "(N, D)", "dY Wᵀ (N, D)"), ("W", "dot", "(D, M)", "Xᵀ dY (D, M)"),
         ("dot", "add", "XW (N, M)", "dY (N, M)"), ("b", "add", "(M,)", "Σₙ dY (M,)"),
         ("add", "Y", "(N, M)", "dY")],
    ),
    "softmax_with_loss": (
        "Softmax (σ) with cross-entropy (E): forward (black), backward (red)",
        (8.5, 3.0),
        {"a": (0, 0.6, "a (N, C)"), "soft": (2.4, 0.6, "σ"), "ce": (5.0, 0, "E"),
         "t": (2.4, -1.0, "t (N, C) one-hot"), "L": (6.6, 0, "L (scalar)")},
        [("a", "soft", "(N, C)", "(y - t) / N"), ("soft", "ce", "y (N, C)", "-t / (N y)"),
         ("t", "ce", "(N, C)", ""), ("ce", "L", "mean loss", "1")],
    ),
}


def plot_layer_graph(layer: str):
    """Draw lesson 03's computational graph of ``layer`` ("sigmoid", "affine" or
    "softmax_with_loss") with the shapes forward and the gradients backward; returns the axes."""
    import matplotlib.pyplot as plt

    if not isinstance(layer, str) or layer not in _LAYER_GRAPHS:
        raise ValueError(f"layer must be one of {sorted(_LAYER_GRAPHS)}, got {layer!r}")
    title, figsize, nodes, edges = _LAYER_GRAPHS[layer]
    _, ax = plt.subplots(figsize=figsize)
    plot_computational_graph(nodes, edges, ax=ax, title=title)
    ax.axis("off")
    return ax


def plot_apple_graph(oranges: bool = False):
    """Draw lesson 03's apple example (2 apples at 100, tax 1.1; with ``oranges=True`` also 3
    oranges at 150) with forward values and the derivatives of the price, computed here with
    ``lessons_lib.layers.Multiply`` and ``Add`` as the lesson computes them; returns the axes."""
    import matplotlib.pyplot as plt

    from lessons_lib.layers import Add, Multiply

    if not isinstance(oranges, (bool, np.bool_)):
        raise ValueError(f"oranges must be True or False, got {oranges!r}")
    apples, fruit, total = Multiply(), Multiply(), Multiply()
    apple_price = apples.forward(100.0, 2.0)
    if oranges:
        orange_price, add = fruit.forward(150.0, 3.0), Add()
        all_price = add.forward(apple_price, orange_price)
    else:
        all_price = apple_price
    price = total.forward(all_price, 1.1)
    d_all, d_tax = total.backward(1.0)
    d_apple_price, d_orange_price = add.backward(d_all) if oranges else (d_all, None)
    d_apple, d_count = apples.backward(d_apple_price)
    nodes = {"apple": (0, 2.6 if oranges else 1.2, "apple"), "count": (0, 1.2 if oranges else -0.2, "apple count"),
             "m1": (2.0 if oranges else 2.2, 1.9 if oranges else 0.5, "×"),
             "tax": (4.4 if oranges else 2.6, -1.2, "tax"), "m3": (6.0 if oranges else 4.4, 0, "×"),
             "price": (7.8 if oranges else 6.2, 0, "price")}
    edges = [("apple", "m1", "100", f"{float(d_apple):.1f}"), ("count", "m1", "2", f"{float(d_count):.0f}"),
             ("tax", "m3", "1.1", f"{float(d_tax):.0f}"), ("m3", "price", f"{float(price):.0f}", "1")]
    if oranges:
        d_orange, d_orange_count = fruit.backward(d_orange_price)
        nodes.update({"orange": (0, 0.2, "orange"), "ocount": (0, -1.2, "orange count"), "m2": (2, -0.5, "×"),
                      "add": (4, 0.7, "+")})
        edges += [("orange", "m2", "150", f"{float(d_orange):.1f}"),
                  ("ocount", "m2", "3", f"{float(d_orange_count):.0f}"),
                  ("m1", "add", f"{float(apple_price):.0f}", f"{float(d_apple_price):.1f}"),
                  ("m2", "add", f"{float(orange_price):.0f}", f"{float(d_orange_price):.1f}"),
                  ("add", "m3", f"{float(all_price):.0f}", f"{float(d_all):.1f}")]
    else:
        edges.append(("m1", "m3", f"{float(apple_price):.0f}", f"{float(d_apple_price):.1f}"))
    title = ("Apples and oranges" if oranges else "Apples") + ": forward values (black), derivatives (red)"
    _, ax = plt.subplots(figsize=(9, 4.2) if oranges else (8, 3.4))
    plot_computational_graph(nodes, edges, ax=ax, title=title)
    ax.axis("off")
    return ax


def draw_receptive_fields(rows, image, center=None):
    """Lesson 08's receptive-field figure. Left: the receptive field after each layer of
    ``rows`` (``lessons_lib.architectures.describe_stack``'s output; pooling in orange).
    Right: each field drawn as a square on ``image`` (a 2-D digit, or H x W x 1) around
    the pixel ``center`` (row, column; None: the middle one), past the image's dashed border where padding lets
    it reach. Returns the figure."""
    import matplotlib.pyplot as plt
    from matplotlib import patheffects

    if not isinstance(rows, (list, tuple)) or not rows:
        raise ValueError(f"rows must be describe_stack's non-empty list, got {rows!r:.60}")
    for row in rows:
        if not isinstance(row, dict) or not isinstance(row.get("layer"), str):
            raise ValueError(f"rows must hold describe_stack's dicts, got {row!r:.60}")
        _check_positive("rows' receptive_field", row.get("receptive_field"), integer=True)
    picture = np.asarray(image)
    if picture.dtype.kind not in "biuf":
        raise ValueError(f"image must hold real numbers, got dtype {picture.dtype}")
    picture = picture.astype(float)
    if picture.ndim == 3 and picture.shape[-1] == 1:
        picture = picture[..., 0]
    if picture.ndim != 2 or 0 in picture.shape or not np.isfinite(picture).all():
        raise ValueError(f"image must be a finite 2-D digit (or H x W x 1), got shape {np.shape(image)}")
    height, width = picture.shape
    center = (height // 2, width // 2) if center is None else center
    if (not isinstance(center, (tuple, list)) or len(center) != 2
            or not all(isinstance(c, (int, np.integer)) and not isinstance(c, bool) for c in center)
            or not (0 <= center[0] < height and 0 <= center[1] < width)):
        raise ValueError(f"center must be a (row, column) pixel of the {height}x{width} image, got {center!r}")
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2))
    fields = [row["receptive_field"] for row in rows]
    names = [f"{i}. {row['layer']}" for i, row in enumerate(rows, start=1)]
    left.bar(range(1, len(rows) + 1), fields,
             color=["tab:orange" if "pool" in name else "tab:blue" for name in names])
    left.set_xticks(range(1, len(rows) + 1), names, rotation=45, ha="right")
    left.set(title="Receptive field after each layer (orange: 2x2 pooling)", ylabel="receptive field (pixels)")
    right.imshow(picture, cmap="gray_r", extent=(-0.5, width - 0.5, height - 0.5, -0.5))
    border = plt.Rectangle((-0.5, -0.5), width, height, fill=False, ls="--", color="0.5")
    right.add_patch(border)  # the image's border: a field may reach past it (padding)
    halo = [patheffects.withStroke(linewidth=3.5, foreground="white")]  # seen on the ink
    for name, row, color in zip(names, rows, plt.cm.plasma(np.linspace(0, 0.85, len(rows)))):
        half = row["receptive_field"] / 2
        corner = (center[1] - half, center[0] - half)
        right.add_patch(plt.Rectangle(corner, 2 * half, 2 * half, fill=False, lw=1.5, color=color,
                                      path_effects=halo, label=f"{name}: {row['receptive_field']}"))
    reach = max(fields) / 2 + 1
    right.set(xlim=(min(-6, center[1] - reach), max(width + 6, center[1] + reach)),
              ylim=(max(height + 6, center[0] + reach), min(-6, center[0] - reach)),
              xlabel="pixel column", ylabel="pixel row")
    right.set_title(f"What one output pixel sees ({height}x{width} digit, dashed border)")
    right.legend(title="layer: field", fontsize=8, loc="center left", bbox_to_anchor=(1.0, 0.5))
    fig.tight_layout()
    return fig
