"""Keras 3 model builders and training helpers shared by lessons 04, 05, 06 and 08.

Importing this module imports Keras (and TensorFlow); ``import lessons_lib`` does not.
Lesson 06 (``06_mnist_softmax_to_cnn.ipynb``) climbs the ladder these builders serve.
"""

from __future__ import annotations

import time

import numpy as np

import keras
from keras import layers

from lessons_lib.functions import _as_labels
from lessons_lib.layers import _as_array
from lessons_lib.progress import ProgressBoard, keras_callback
from lessons_lib.training import check_loss


def set_keras_seed(seed: int) -> None:
    """Seed Python, numpy and the Keras backend so the next model is reproducible."""
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or not 0 <= seed < 2**32:
        raise ValueError(f"seed must be an int in 0..2**32-1, got {seed!r}")
    from lessons_lib.config import set_seed  # moved by the seed study (LESSONS_SEED)

    set_seed(int(seed))


def mlp(hidden_sizes=(256, 256), *, input_shape=(784,), num_classes: int = 10,
        activation: str = "relu", kernel_initializer="glorot_uniform", dropout_rate: float = 0.0,
        name: str = "mlp") -> keras.Model:
    """A fully connected classifier: input (N, 784) -> hidden Dense layers -> softmax (N, 10).

    kernel_initializer: any Keras initializer (name or object), e.g.
    ``keras.initializers.RandomNormal(stddev=1.0)`` for the naive start of lesson 04.
    dropout_rate: the fraction of units dropped after each hidden layer (Keras ``rate``).
    """
    if not _is_number(dropout_rate) or not 0.0 <= dropout_rate < 1.0:
        raise ValueError(f"dropout_rate must be a number in [0, 1), got {dropout_rate!r}")
    if not isinstance(input_shape, (tuple, list)) or not input_shape or any(
            not isinstance(size, (int, np.integer)) or isinstance(size, bool) or size < 1 for size in input_shape):
        raise ValueError(f"input_shape must be a tuple of positive ints such as (784,), got {input_shape!r:.80}")
    if isinstance(hidden_sizes, (str, bytes)) or not isinstance(hidden_sizes, (tuple, list)):
        raise ValueError(f"hidden_sizes must be a tuple of positive ints, got {hidden_sizes!r:.80}")
    hidden_sizes = [_positive_int("hidden_sizes", units) for units in hidden_sizes]
    num_classes = _positive_int("num_classes", num_classes)
    if not isinstance(name, str) or not name or not name.replace("_", "").isalnum():
        raise ValueError(f"name must be a non-empty string of letters, digits and _, got {name!r:.80}")
    try:
        keras.activations.get(activation)
        keras.initializers.get(kernel_initializer)
    except (ValueError, TypeError) as error:
        raise ValueError(f"activation and kernel_initializer must be Keras names or objects, got "
                         f"{activation!r:.40} and {kernel_initializer!r:.40}") from error
    model = keras.Sequential(name=name)
    model.add(keras.Input(shape=input_shape))
    if len(input_shape) > 1:
        model.add(layers.Flatten())
    for index, units in enumerate(hidden_sizes, start=1):
        model.add(layers.Dense(units, activation=activation, kernel_initializer=kernel_initializer,
                               name=f"dense_{index}"))
        if dropout_rate:
            model.add(layers.Dropout(dropout_rate, name=f"dropout_{index}"))
    model.add(layers.Dense(num_classes, activation="softmax", kernel_initializer=kernel_initializer,
                           name="softmax"))
    return model


def train_and_evaluate(model: keras.Model, x_train, y_train, x_test, y_test, *, epochs: int,
                       batch_size: int = 100, optimizer="adam", validation_split: float = 0.0,
                       validation_data=None, verbose: int = 2, label: str = "",
                       label_smoothing: float = 0.0) -> dict:
    """Compile (cross-entropy, integer labels), fit, evaluate on the test set.

    label_smoothing: 0 trains on one-hot targets. A value s > 0 trains on smoothed targets,
    1 - s + s/C for the true class and s/C for each other one (Keras ``CategoricalCrossentropy``
    with ``label_smoothing``); the labels are still passed as integers, and ``test_loss`` is then
    the smoothed loss.
    Returns ``{"test_accuracy", "test_loss", "history" (dict of lists), "seconds", "epochs",
    "batch_size"}`` and prints one summary line with epochs and batch size.
    """
    _check_model(model)
    if not isinstance(optimizer, (str, keras.optimizers.Optimizer)):
        raise ValueError(f"optimizer must be a Keras optimizer or its name ('adam'), got {optimizer!r:.60}")
    epochs, batch_size = _positive_int("epochs", epochs), _positive_int("batch_size", batch_size)
    if isinstance(validation_split, bool) or not 0.0 <= validation_split < 1.0:
        raise ValueError(f"validation_split must be in [0, 1), got {validation_split!r}")
    if len(x_train) != len(y_train):
        raise ValueError(f"x_train and y_train differ in length: {len(x_train)} vs {len(y_train)}")
    if len(x_test) != len(y_test):
        raise ValueError(f"x_test and y_test differ in length: {len(x_test)} vs {len(y_test)}")
    if isinstance(label_smoothing, bool) or not 0.0 <= label_smoothing < 1.0:
        raise ValueError(f"label_smoothing must be in [0, 1), got {label_smoothing!r}")
    loss = "sparse_categorical_crossentropy"
    if label_smoothing:
        loss = keras.losses.CategoricalCrossentropy(label_smoothing=label_smoothing)
        num_classes = model.output_shape[-1]
        y_train, y_test = (keras.utils.to_categorical(y, num_classes) for y in (y_train, y_test))
        if validation_data is not None:
            validation_data = (validation_data[0], keras.utils.to_categorical(validation_data[1], num_classes))
    model.compile(optimizer=optimizer, loss=loss, metrics=["accuracy"])
    start = time.perf_counter()
    live = keras_callback(ProgressBoard(label or model.name, xlabel="epoch"))  # a live plot in Jupyter
    history = model.fit(x_train, y_train, epochs=epochs, batch_size=batch_size, verbose=verbose,
                        validation_split=validation_split, validation_data=validation_data,
                        callbacks=[StopOnNonFiniteLoss(), live])
    seconds = time.perf_counter() - start
    test_loss, test_accuracy = model.evaluate(x_test, y_test, verbose=0)
    name = label or model.name
    print(f"{name}: test accuracy {test_accuracy:.4f} (epochs {epochs}, batch size {batch_size}, {seconds:.0f} s)")
    return {"test_accuracy": float(test_accuracy), "test_loss": float(test_loss),
            "history": {k: [float(v) for v in vals] for k, vals in history.history.items()},
            "seconds": seconds, "epochs": epochs, "batch_size": batch_size}


class StopOnNonFiniteLoss(keras.callbacks.Callback):
    """Stop ``fit`` at the first batch whose loss is NaN or inf, with
    "loss became inf at iteration k: lower the learning rate" (:func:`lessons_lib.training.check_loss`)."""

    iteration = 0  # batches seen in this fit

    def on_train_begin(self, logs=None):
        self.iteration = 0

    def on_train_batch_end(self, batch, logs=None):
        if logs is not None and not isinstance(logs, dict):
            raise ValueError(f"logs must be Keras's dict of metrics, got {type(logs).__name__}")
        self.iteration += 1
        check_loss((logs or {}).get("loss", 0.0), self.iteration)


def _check_initializer(kernel_initializer, argument: str = "kernel_initializer"):
    """A Keras initializer or its name; a ValueError naming ``argument`` otherwise."""
    wanted = f"{argument} must be a Keras initializer or its name ('he_normal'), got {kernel_initializer!r:.60}"
    if not isinstance(kernel_initializer, (str, keras.initializers.Initializer)):
        raise ValueError(wanted)
    try:
        keras.initializers.get(kernel_initializer)
    except (ValueError, TypeError) as error:
        raise ValueError(wanted) from error
    return kernel_initializer


def _check_model(model) -> None:
    if not isinstance(model, keras.Model):
        raise ValueError(f"model must be a Keras model, got {type(model).__name__}")


def _positive_int(name: str, value) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"{name} must be a positive int, got {value!r}")
    return int(value)


def ensemble_probabilities(models, x, batch_size: int = 1000) -> np.ndarray:
    """Average of the members' softmax outputs: (N, C). Each member must output probabilities."""
    if not isinstance(models, (list, tuple)) or not models or not all(isinstance(m, keras.Model) for m in models):
        raise ValueError(f"models must be a non-empty list of Keras models, got {models!r:.80}")
    batch_size = _positive_int("batch_size", batch_size)
    x = _as_array(x, "x")
    expected = tuple(models[0].input_shape[1:])
    if x.ndim != len(expected) + 1 or len(x) == 0 or any(
            want is not None and got != want for got, want in zip(x.shape[1:], expected)):
        raise ValueError(f"x must have shape (N, {', '.join(map(str, expected))}) with N >= 1 to "
                         f"match the models' input, got {x.shape}")
    total = None
    for model in models:
        probabilities = np.asarray(model.predict(x, batch_size=batch_size, verbose=0), dtype=np.float64)
        total = probabilities if total is None else total + probabilities
    return total / len(models)


def accuracy(probabilities, labels) -> float:
    """Fraction of rows whose argmax equals the integer label. probabilities (N, C), labels (N,)."""
    probabilities = _as_array(probabilities, "probabilities")
    if probabilities.ndim != 2 or 0 in probabilities.shape:
        raise ValueError(f"probabilities must have shape (N, C) with N, C >= 1, got {probabilities.shape}")
    labels = _as_labels(labels, *probabilities.shape)
    return float(np.mean(probabilities.argmax(axis=1) == labels))


# ---------------------------------------------------------------------------------------------
# Lesson 06: the CNNs of Sung Kim's "MNIST 99%" lab and a decaying Adam. (The weights-saving
# helpers below predate v2: lesson 06 no longer saves its deeper CNN, since no lesson loads it.)
# ---------------------------------------------------------------------------------------------

from lessons_lib.config import QUICK as _QUICK, build_dir as _build_dir  # noqa: E402 (lesson-06 section)

DEEPER_CNN_EPOCHS = 2 if _QUICK else 10
"""Epochs of the deeper CNN recipe: 10 in full mode, 2 in quick mode (lesson 06 trains with it)."""
DEEPER_CNN_BATCH_SIZE = 128


def _is_number(value) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool)


def cosine_decay(learning_rate: float, epochs: int, steps_per_epoch: int,
                 final_fraction: float = 0.01) -> keras.optimizers.schedules.LearningRateSchedule:
    """A learning rate that falls along a cosine from ``learning_rate`` to
    ``final_fraction * learning_rate`` over ``epochs * steps_per_epoch`` updates.

    Big steps early, small steps at the end: the last epochs settle into a minimum instead of
    jumping around it (lesson 06 explains it). ``steps_per_epoch = ceil(N / batch_size)``.
    Pass it as ``learning_rate`` to any Keras optimizer, e.g. ``keras.optimizers.SGD(schedule)``.
    """
    for name, value in (("epochs", epochs), ("steps_per_epoch", steps_per_epoch)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
            raise ValueError(f"{name} must be a positive int, got {value!r}")
    if not _is_number(learning_rate) or not 0 < learning_rate < np.inf:
        raise ValueError(f"learning_rate must be a positive finite number, got {learning_rate!r}")
    if not _is_number(final_fraction) or not 0.0 <= final_fraction <= 1.0:
        raise ValueError(f"final_fraction must be in [0, 1], got {final_fraction!r}")
    return keras.optimizers.schedules.CosineDecay(
        initial_learning_rate=learning_rate, decay_steps=int(epochs) * int(steps_per_epoch), alpha=final_fraction)


def cosine_adam(epochs: int, steps_per_epoch: int, learning_rate: float = 1e-3,
                final_fraction: float = 0.01) -> keras.optimizers.Optimizer:
    """Adam with the :func:`cosine_decay` learning rate (from 1e-3 to 1e-5 by default)."""
    return keras.optimizers.Adam(learning_rate=cosine_decay(learning_rate, epochs, steps_per_epoch, final_fraction))


def shift_augmentation(max_shift_pixels: float = 2.0, image_size: int = 28) -> keras.layers.Layer:
    """A layer that shifts each training image by up to ``max_shift_pixels`` in x and y
    (data augmentation, 데이터 증강); the border is filled with 0 (background). It is active
    only in training: at test time it passes images through unchanged.
    """
    image_size = _positive_int("image_size", image_size)
    if not _is_number(max_shift_pixels) or not 0 < max_shift_pixels < image_size:
        raise ValueError(f"max_shift_pixels must be in (0, {image_size}), got {max_shift_pixels}")
    factor = max_shift_pixels / image_size
    return layers.RandomTranslation(factor, factor, fill_mode="constant", fill_value=0.0, name="random_shift")


def _cnn_input(input_shape, augment, shift_pixels=2.0) -> list:
    """The first layers of lesson 06's CNNs: ``keras.Input`` and, if ``augment``, the random
    shift of :func:`shift_augmentation` (up to ``shift_pixels``, training only)."""
    if not isinstance(input_shape, (tuple, list)) or len(input_shape) != 3:
        raise ValueError(f"input_shape must be (height, width, channels), got {input_shape!r}")
    if not isinstance(augment, (bool, np.bool_)):
        raise ValueError(f"augment must be True or False, got {augment!r}")
    first = [keras.Input(shape=tuple(input_shape))]
    return first + [shift_augmentation(shift_pixels, image_size=input_shape[0])] if augment else first


def _check_rates(**rates) -> None:
    """ValueError naming the first dropout rate outside [0, 1)."""
    for label, rate in rates.items():
        if not _is_number(rate) or not 0.0 <= rate < 1.0:
            raise ValueError(f"{label} must be in [0, 1), got {rate!r}")


def _check_cnn(arguments: dict) -> None:
    """Lesson 06's CNN builders, called with their ``locals()``: a ValueError naming the first
    bad size, dropout rate or name (``_cnn_input`` checks the shape and the augmentation)."""
    for label in ("num_classes", "dense_units"):
        if label in arguments:
            _positive_int(label, arguments[label])
    _check_rates(**{label: value for label, value in arguments.items() if label.endswith("dropout")})
    if not isinstance(arguments["name"], str) or not arguments["name"]:
        raise ValueError(f"name must be a non-empty str, got {arguments['name']!r}")


def simple_cnn(*, input_shape=(28, 28, 1), num_classes=10, augment=False,
               shift_pixels=2.0, name="cnn"):
    """Sung Kim's first MNIST CNN (lab 11-1), the shape of LeNet-5: (N, 28, 28, 1) -> softmax (N, 10).

    conv 3x3x32 SAME + ReLU (28x28x32) -> max pool 2x2 (14x14x32) -> conv 3x3x64 SAME + ReLU
    (14x14x64) -> max pool 2x2 (7x7x64) -> flatten (3136) -> dense 10 softmax.
    ``augment=True`` puts :func:`shift_augmentation` (up to ``shift_pixels``) in front (training only).
    Lesson 06 shows this function.
    """
    _check_cnn(locals())  # every argument, by name
    model = keras.Sequential(_cnn_input(input_shape, augment, shift_pixels), name=name)
    model.add(layers.Conv2D(32, 3, padding="same", activation="relu", name="conv_1"))
    model.add(layers.MaxPooling2D(2, name="pool_1"))
    model.add(layers.Conv2D(64, 3, padding="same", activation="relu", name="conv_2"))
    model.add(layers.MaxPooling2D(2, name="pool_2"))
    model.add(layers.Flatten(name="flatten"))
    model.add(layers.Dense(num_classes, activation="softmax", name="softmax"))
    return model


def deeper_cnn(*, input_shape=(28, 28, 1), num_classes=10, conv_dropout=0.1,
               dense_units=625, dense_dropout=0.5, augment=True, name="deeper_cnn"):
    """Sung Kim's deeper MNIST CNN (lab 11-2): three conv blocks, a dense layer, dropout.

    (N, 28, 28, 1) -> [conv 3x3 SAME + ReLU -> max pool 2x2 SAME -> dropout] with 32, 64, 128
    filters (28 -> 14 -> 7 -> 4) -> flatten (4*4*128 = 2048) -> dense ``dense_units`` ReLU ->
    dropout -> dense 10 softmax. Dropout rates are Keras ``rate`` (fraction dropped; the notes'
    ``keep_prob`` 0.7 everywhere is rate 0.3). ``augment=True`` shifts training images by up to
    2 pixels. Lesson 06 shows this function and says where its rates were chosen.
    """
    _check_cnn(locals())  # every argument, by name
    model = keras.Sequential(_cnn_input(input_shape, augment), name=name)
    for block, filters in enumerate((32, 64, 128), start=1):
        model.add(layers.Conv2D(filters, 3, padding="same", activation="relu"))
        model.add(layers.MaxPooling2D(2, padding="same", name=f"pool_{block}"))
        model.add(layers.Dropout(conv_dropout, name=f"dropout_{block}"))
    model.add(layers.Flatten(name="flatten"))
    model.add(layers.Dense(dense_units, activation="relu", name="dense"))
    model.add(layers.Dropout(dense_dropout, name="dropout_dense"))
    model.add(layers.Dense(num_classes, activation="softmax", name="softmax"))
    return model


def deeper_cnn_weights_path(member: int = 0, quick: bool | None = None):
    """Where lesson 06 saves ensemble member ``member`` of the deeper CNN:
    ``build/models/06_deeper_cnn_<full|quick>_<member>.weights.h5`` (quick and full kept apart).
    """
    if isinstance(member, bool) or not isinstance(member, (int, np.integer)) or member < 0:
        raise ValueError(f"member must be a non-negative int, got {member!r}")
    if quick is not None and not isinstance(quick, (bool, np.bool_)):
        raise ValueError(f"quick must be True, False or None (the current mode), got {quick!r}")
    mode = "quick" if (_QUICK if quick is None else quick) else "full"
    return _build_dir() / "models" / f"06_deeper_cnn_{mode}_{int(member)}.weights.h5"


def train_deeper_cnn(x_train, y_train, x_test, y_test, *, seed: int = 0, epochs: int = DEEPER_CNN_EPOCHS,
                     batch_size: int = DEEPER_CNN_BATCH_SIZE, validation_data=None, save_to=None,
                     label: str = "") -> tuple:
    """Lesson 06's recipe for one deeper CNN: seeded, shift augmentation, :func:`cosine_adam`.

    x_train (N, 28, 28, 1) in [0, 1], y_train (N,) integer labels. Returns ``(model, result)``
    with ``result`` as from :func:`train_and_evaluate`; saves the weights to ``save_to`` if given.
    """
    set_keras_seed(seed)
    model = deeper_cnn(input_shape=tuple(np.shape(x_train)[1:]))
    steps_per_epoch = int(np.ceil(len(x_train) / batch_size))
    result = train_and_evaluate(model, x_train, y_train, x_test, y_test, epochs=epochs, batch_size=batch_size,
                                optimizer=cosine_adam(epochs, steps_per_epoch), validation_data=validation_data,
                                label=label or f"deeper CNN (seed {seed})")
    if save_to is not None:
        from pathlib import Path

        Path(save_to).parent.mkdir(parents=True, exist_ok=True)
        model.save_weights(save_to)
    return model, result


def load_or_train_deeper_cnn(x_train, y_train, x_test, y_test, *, member: int = 0, **train_options):
    """The deeper CNN that lesson 06 trained and saved (ensemble member ``member``), or, when its
    weights file is missing, a new one trained with the same recipe and saved for next time.

    Returns a compiled Keras model. ``train_options`` go to :func:`train_deeper_cnn`.
    """
    path = deeper_cnn_weights_path(member)
    if path.exists():
        model = deeper_cnn(input_shape=tuple(np.shape(x_train)[1:]))
        model.load_weights(path)
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
        print(f"deeper CNN member {member}: loaded lesson 06's weights from {path.name}")
        return model
    print(f"deeper CNN member {member}: no saved weights at {path}, training it with lesson 06's recipe")
    model, _ = train_deeper_cnn(x_train, y_train, x_test, y_test, seed=member, save_to=path, **train_options)
    return model


# ---------------------------------------------------------------------------------------------
# Lesson 08: test-time augmentation (the multi-view testing of the VGG and ResNet papers)

ONE_PIXEL_SHIFTS = ((0, 0), (-1, 0), (1, 0), (0, -1), (0, 1))


def shifted_views_probabilities(model: keras.Model, x, shifts=ONE_PIXEL_SHIFTS,
                                batch_size: int = 1000) -> np.ndarray:
    """Test-time augmentation: the model's softmax output averaged over shifted copies of ``x``.

    x: images (N, H, W, C). shifts: ``(dy, dx)`` pixel shifts, one view each (see
    :func:`lessons_lib.data.shift_images`); the default is the image itself and its four
    one-pixel neighbours. Returns probabilities (N, C), as :func:`ensemble_probabilities` does
    for several models.
    """
    from lessons_lib.data import shift_images

    _check_model(model)
    if not isinstance(shifts, (list, tuple)) or not shifts or any(
            not isinstance(shift, (list, tuple)) or len(shift) != 2 for shift in shifts):
        raise ValueError(f"shifts must be a non-empty list of (dy, dx) pairs, got {shifts!r:.80}")
    views = [model.predict(shift_images(x, dy, dx), batch_size=batch_size, verbose=0) for dy, dx in shifts]
    return np.mean(np.asarray(views, dtype=np.float64), axis=0)


# --- lesson 05: a regularized MLP, built in the open -----------------------------------------
def _check_regularization(hidden_sizes, dropout_rate, l2, name) -> None:
    if not isinstance(hidden_sizes, (list, tuple)) or not all(
            isinstance(h, (int, np.integer)) and not isinstance(h, bool) and h >= 1 for h in hidden_sizes):
        raise ValueError(f"hidden_sizes must be a list of layer sizes (positive ints), got {hidden_sizes!r}")
    if not isinstance(name, str) or not name:
        raise ValueError(f"name must be a non-empty str, got {name!r}")
    for name, value, high in (("dropout_rate", dropout_rate, 1.0), ("l2", l2, np.inf)):
        if not _is_number(value) or not 0.0 <= value < high:
            raise ValueError(f"{name} must be a number in [0, {high}), got {value!r}")


def regularized_mlp(hidden_sizes, dropout_rate=0.0, l2=0.0, name="regularized_mlp"):
    """784 -> hidden Dense ReLU layers (He start) -> softmax 10, each hidden layer followed by
    ``Dropout(dropout_rate)``, every kernel penalized by ``L2(l2)`` (0: none). Keras's L2 adds
    ``l2 * sum(W**2)`` to the loss, without the 1/2 of lesson 05's formula."""
    _check_regularization(hidden_sizes, dropout_rate, l2, name)
    penalty = keras.regularizers.L2(l2) if l2 else None  # l2 * sum(W**2): no 1/2
    weights = dict(kernel_initializer="he_normal", kernel_regularizer=penalty)
    model = keras.Sequential([keras.Input(shape=(784,))], name=name)
    for units in hidden_sizes:
        model.add(layers.Dense(units, activation="relu", **weights))
        if dropout_rate:
            model.add(layers.Dropout(dropout_rate))  # rate = 1 - keep_prob
    model.add(layers.Dense(10, activation="softmax", **weights))
    return model


# --- lesson 04 --------------------------------------------------------------------------------
def lab10_arguments(kernel_initializer, hidden_units):
    """``(kernel_initializer, hidden_units)`` checked for :func:`lab10_mlp`: a Keras initializer
    (name or object) and a positive int; ValueError naming the bad one."""
    return _check_initializer(kernel_initializer), _positive_int("hidden_units", hidden_units)


def lab10_mlp(kernel_initializer, hidden_units=256):
    """Sung Kim's lab 10 network: 784 -> hidden_units ReLU -> hidden_units ReLU -> 10 softmax.

    kernel_initializer: where every layer's weights start, e.g. ``"glorot_uniform"``,
    ``"he_normal"`` or ``keras.initializers.RandomNormal(stddev=1.0)``; biases start at 0.
    Lesson 04 (``04_weight_initialization.ipynb``) shows and trains it.
    """
    start, units = lab10_arguments(kernel_initializer, hidden_units)  # ValueError if bad
    model = keras.Sequential(name="lab10")
    model.add(keras.Input(shape=(784,)))
    model.add(layers.Dense(units, activation="relu", kernel_initializer=start))
    model.add(layers.Dense(units, activation="relu", kernel_initializer=start))
    model.add(layers.Dense(10, activation="softmax", kernel_initializer=start))
    return model
