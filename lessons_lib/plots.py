"""Plotting helpers shared by the notebooks.

:func:`use_korean_font` lets figure titles carry Korean terms (퍼셉트론) when a Korean font is
installed, and stays silent otherwise.
"""

from __future__ import annotations

import numpy as np

KOREAN_FONTS = ("NanumGothic", "Malgun Gothic", "AppleGothic", "Noto Sans CJK KR", "Noto Sans KR")


def use_korean_font() -> str | None:
    """Use the first installed Korean-capable font; return its name, or None (silently).

    Also sets ``axes.unicode_minus = False`` so minus signs render with any font.
    """
    import matplotlib
    from matplotlib import font_manager

    matplotlib.rcParams["axes.unicode_minus"] = False
    installed = {font.name for font in font_manager.fontManager.ttflist}
    for name in KOREAN_FONTS:
        if name in installed:
            matplotlib.rcParams["font.family"] = name
            return name
    return None


def setup(figsize=(6.4, 4.0), dpi: int = 100) -> str | None:
    """Course-wide figure defaults plus :func:`use_korean_font`. Returns the Korean font or None."""
    import matplotlib

    matplotlib.rcParams.update({"figure.figsize": figsize, "figure.dpi": dpi,
                                "axes.grid": True, "grid.alpha": 0.3})
    return use_korean_font()


def plot_curves(curves: dict, ax=None, title: str = "", xlabel: str = "epoch", ylabel: str = "",
                logy: bool = False):
    """Plot several named 1-D curves ({label: values}) on one axis with a legend."""
    import matplotlib.pyplot as plt

    if not isinstance(curves, dict) or not curves:
        raise ValueError("curves must be a non-empty dict {label: sequence of numbers}")
    if ax is None:
        _, ax = plt.subplots()
    for label, values in curves.items():
        values = np.asarray(values, dtype=float)
        if values.ndim != 1:
            raise ValueError(f"curves[{label!r}] must be 1-D, got shape {values.shape}")
        ax.plot(np.arange(1, len(values) + 1), values, label=label)
    if logy:
        ax.set_yscale("log")
    ax.set(title=title, xlabel=xlabel, ylabel=ylabel)
    ax.legend()
    return ax


def show_digits(images, labels=None, predictions=None, n_cols: int = 10, title: str = "", size: float = 1.1):
    """Show a grid of 28x28 images with optional true labels and predictions (wrong ones in red)."""
    import matplotlib.pyplot as plt

    images = np.asarray(images)
    if images.ndim == 2 and images.shape[1] == 784:
        images = images.reshape(-1, 28, 28)
    images = images.reshape(len(images), images.shape[1], images.shape[2])
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

    images = [np.asarray(image, dtype=float) for image in images]
    if not images or any(image.ndim != 2 for image in images):
        raise ValueError("images must be a non-empty sequence of 2-D arrays (K, H, W)")
    if titles is not None and len(titles) != len(images):
        raise ValueError(f"titles must have one entry per image ({len(images)}), got {len(titles)}")
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
