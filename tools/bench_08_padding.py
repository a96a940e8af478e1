"""Lesson 08's book CNN: explicit ZeroPadding2D layers against ``padding="same"``, timed.

    python tools/bench_08_padding.py   # 3 rounds of one 6,000-image epoch each: a few minutes

``lessons_lib.architectures.book_deep_cnn`` builds the DLFS network layer for layer: a
``ZeroPadding2D`` before each valid 3x3 convolution. For the five convolutions that pad by 1,
``Conv2D(padding="same")`` does the same arithmetic (tests/test_bench_08_padding.py checks the
outputs agree with the same weights); conv4 pads by 2 and keeps its padding layer. This tool
times one training epoch of each on random images (batches of 100, after a warm-up, the two
builds taking turns) to see what the extra layers cost on a CPU, a lead for issue 20's time
goal. It prints; nothing is recorded, and the lesson is unchanged.

Its first runs (2026-11-30, 3 and 5 rounds) showed no difference beyond the host's drift: the
padding layers are not what makes the book CNN slower than v1's. (A throwaway script before it
seemed to show one; the rounds of this tool did not repeat it.)
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


def same_padding_book_cnn(augmentation=None):
    """The book CNN with ``padding="same"`` for its pad-1 convolutions (same layer order and
    weights as ``book_deep_cnn``, fewer layers)."""
    import keras
    from keras import layers

    from lessons_lib.architectures import BOOK_CONVOLUTIONS

    model = keras.Sequential([keras.Input(shape=(28, 28, 1))], name="same_padding")
    if augmentation is not None:
        model.add(augmentation)
    for index, (filters, pad) in enumerate(BOOK_CONVOLUTIONS, start=1):
        same = "same" if pad == 1 else "valid"
        if pad != 1:
            model.add(layers.ZeroPadding2D(pad))
        model.add(
            layers.Conv2D(
                filters,
                3,
                padding=same,
                activation="relu",
                kernel_initializer="he_normal",
            )
        )
        if index % 2 == 0:
            model.add(layers.MaxPooling2D(2))
    model.add(layers.Flatten())
    model.add(layers.Dense(50, activation="relu", kernel_initializer="he_normal"))
    model.add(layers.Dropout(0.5))
    model.add(layers.Dense(10, kernel_initializer="he_normal"))
    model.add(layers.Dropout(0.5))
    model.add(layers.Softmax())
    return model


def main(rounds: int = 3, images: int = 6000) -> dict:
    import keras
    import numpy as np

    from lessons_lib.architectures import book_deep_cnn
    from lessons_lib.keras_models import shift_augmentation

    rng = np.random.default_rng(0)
    x = rng.random((images, 28, 28, 1), dtype=np.float32)
    y = rng.integers(0, 10, images)
    builds = {
        "the lesson's (ZeroPadding2D)": book_deep_cnn,
        'padding="same" for pad 1': same_padding_book_cnn,
    }
    times = {name: [] for name in builds}
    for _ in range(rounds):
        for name, build in builds.items():
            keras.backend.clear_session()
            model = build(augmentation=shift_augmentation(1.0))
            model.compile(
                keras.optimizers.Adam(1e-3), "sparse_categorical_crossentropy"
            )
            model.fit(x[:600], y[:600], batch_size=100, epochs=1, verbose=0)  # warm-up
            start = time.perf_counter()
            model.fit(x, y, batch_size=100, epochs=1, verbose=0)
            times[name].append(time.perf_counter() - start)
    for name, seconds in times.items():
        print(f"{name}: {min(seconds):.2f} s best, {np.median(seconds):.2f} s median "
              f"per {images:,} images (load average {os.getloadavg()[0]:.2f})")  # fmt: skip
    return times


if __name__ == "__main__":
    main()
