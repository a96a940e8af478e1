"""Lesson 08's book CNN: what its layers cost per training epoch, build against build, timed.

    python tools/bench_08_book.py                    # every build, 3 rounds: a few minutes
    python tools/bench_08_book.py --builds lesson,v1 --rounds 5

Issue 20 asks lesson 08's full run to take at most 0.7 of v1's time. In the pair of runs of
2026-11-30 (docs/TIME-08.md) the book CNN's training cell took about 1.7 times as long in
this version as in v1, although both train 14 epochs of 60,000 images with the same
optimizer, schedule, shifts and callbacks (and neither validates per epoch). The networks
differ: ``lessons_lib.architectures.book_deep_cnn`` is DLFS's ``DeepConvNet`` layer for
layer (conv4 pads by 2, so the maps are 28, 14, 16 -> 8, 4 and 1,024 features reach Dense
50; dropout after both dense layers), while v1 built it with ``mini_vgg`` (``padding="same"``,
maps 28, 14, 7, 3, 576 features, one dropout). This tool times one training epoch of each
build on random images (batches of 100, the lesson's 1-pixel shifts, after a warm-up; the
builds take turns in every round, so a drift of the host's speed reaches them all):

- ``lesson``: the lesson's network (``padding="same"`` for the five pad-1 convolutions, a
  ``ZeroPadding2D`` of 2 before conv4);
- ``pad-layers``: the same arithmetic with a ``ZeroPadding2D`` layer before each of the six
  valid convolutions, as DLFS writes it (tests/test_bench_08_book.py checks the scores agree
  with the same weights);
- ``conv4-pad-1``: the lesson's layers with conv4 padded by 1 like the others (v1's map sizes
  and 576 features, both dropouts): against ``lesson`` it isolates the cost of the pad of 2;
- ``v1``: v1's build, ``mini_vgg(((16, 16), (32, 32), (64, 64)), dense_units=(50,))`` (today's
  ``mini_vgg`` is a functional model where v1's was ``Sequential``: the same layers and
  arithmetic).

It prints; nothing is recorded. History: until 2026-11-30 it was tools/bench_08_padding.py
with two builds, whose 3- and 5-round runs on a busy host showed no difference beyond the
host's drift. On an idle host on 2026-12-01 the ``padding="same"`` build took 0.87 and 0.88
of the padding layers' median epoch time (3 rounds x 6,000 images, 5 x 12,000), so lesson 08
builds the network that way since then (``pad-layers`` was the lesson's build before). The
lesson's full run that day did not show the saving: its book-CNN cell took 8 min 37 s, against
8 min 22 s with the padding layers on 2026-11-30 (docs/RESULTS.md as committed before afc83db).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


def book_cnn(augmentation=None, convolutions=None, padding_layers=False):
    """The book CNN built like the lesson's (same layer order and weights as
    ``book_deep_cnn``). ``convolutions``: (filters, pad) pairs, ``BOOK_CONVOLUTIONS`` by
    default. ``padding_layers``: a ``ZeroPadding2D`` layer before every valid convolution
    (the lesson's build until 2026-12-01) instead of ``padding="same"`` for pad 1."""
    import keras
    from keras import layers

    from lessons_lib.architectures import BOOK_CONVOLUTIONS

    model = keras.Sequential([keras.Input(shape=(28, 28, 1))], name="book_cnn")
    if augmentation is not None:
        model.add(augmentation)
    for index, (filters, pad) in enumerate(convolutions or BOOK_CONVOLUTIONS, start=1):
        same = "same" if pad == 1 and not padding_layers else "valid"
        if same == "valid":
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


def padding_layers_book_cnn(augmentation=None):
    """The lesson's network with a ``ZeroPadding2D`` before each of its six valid 3x3
    convolutions, as DLFS writes it (the lesson's build until 2026-12-01)."""
    return book_cnn(augmentation, padding_layers=True)


def conv4_pad_1_book_cnn(augmentation=None):
    """The lesson's layers with conv4 padded by 1: v1's map sizes (28, 14, 7, 3) and 576
    features into Dense 50, both dropouts kept."""
    from lessons_lib.architectures import BOOK_CONVOLUTIONS

    convolutions = tuple((filters, 1) for filters, _ in BOOK_CONVOLUTIONS)
    return book_cnn(augmentation, convolutions)


def v1_book_cnn(augmentation=None):
    """v1's ``book_deep_cnn``: ``mini_vgg`` with the book's filters, Dense 50, one dropout."""
    from lessons_lib.architectures import mini_vgg

    blocks = ((16, 16), (32, 32), (64, 64))
    return mini_vgg(
        blocks, dense_units=(50,), dropout_rate=0.5, augmentation=augmentation
    )


def builds() -> dict:
    """``{name: (description, build(augmentation))}``, in the order they are timed."""
    from lessons_lib.architectures import book_deep_cnn

    return {
        "lesson": ('the lesson\'s (padding="same" for pad 1)', book_deep_cnn),
        "pad-layers": ("ZeroPadding2D before each (DLFS)", padding_layers_book_cnn),
        "conv4-pad-1": ("conv4 padded by 1 (v1's maps)", conv4_pad_1_book_cnn),
        "v1": ("v1's (mini_vgg, one dropout)", v1_book_cnn),
    }


def chosen_builds(names: str) -> list[str]:
    """The comma-separated build names, checked; ValueError naming an unknown one."""
    known = list(builds())
    wanted = list(dict.fromkeys(n.strip() for n in names.split(",") if n.strip()))
    unknown = [name for name in wanted if name not in known]
    if unknown or not wanted:
        raise ValueError(
            f"--builds: unknown build(s) {unknown or names!r}; the builds are "
            f"{', '.join(known)}"
        )
    return wanted


def main(argv=None) -> dict:
    import keras
    import numpy as np

    from lessons_lib.keras_models import shift_augmentation

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--builds", default=",".join(builds()))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--images", type=int, default=6000)
    args = parser.parse_args(argv)
    try:
        names = chosen_builds(args.builds)
    except ValueError as error:
        parser.error(str(error))
    if args.rounds < 1 or args.images < 100:
        parser.error("--rounds must be >= 1 and --images >= 100")
    rng = np.random.default_rng(0)
    x = rng.random((args.images, 28, 28, 1), dtype=np.float32)
    y = rng.integers(0, 10, args.images)
    table = builds()
    times = {name: [] for name in names}
    for _ in range(args.rounds):
        for name in names:
            keras.backend.clear_session()
            model = table[name][1](augmentation=shift_augmentation(1.0))
            model.compile(
                keras.optimizers.Adam(1e-3), "sparse_categorical_crossentropy"
            )
            model.fit(x[:600], y[:600], batch_size=100, epochs=1, verbose=0)  # warm-up
            start = time.perf_counter()
            model.fit(x, y, batch_size=100, epochs=1, verbose=0)
            times[name].append(time.perf_counter() - start)
    reference = np.median(times[names[0]])
    for name, seconds in times.items():
        ratio = np.median(seconds) / reference
        print(f"{name:<12} {table[name][0]:<38} {min(seconds):6.2f} s best, "
              f"{np.median(seconds):6.2f} s median per {args.images:,} images "
              f"({ratio:.2f} of {names[0]}'s median)")  # fmt: skip
    print(f"{args.rounds} rounds; load average {os.getloadavg()[0]:.2f} at the end")
    return times


if __name__ == "__main__":
    main()
