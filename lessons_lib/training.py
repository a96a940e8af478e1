"""A minibatch training loop for the numpy networks in ``lessons_lib.nets``.

Lesson 03 (``03_derivatives_chain_rule.ipynb``, section 6) shows :func:`train_epoch`, one epoch of
minibatch SGD, and trains the two-layer net with it; :func:`train` is the same loop with the
bookkeeping lessons 04, 05 and 08 use (epochs or iterations, accuracy, a progress bar and the
live training view). Each epoch shuffles the training set and walks through it in
minibatches (every example once per epoch; no sampling with replacement).
"""

from __future__ import annotations

import contextlib

import numpy as np

from lessons_lib.config import make_rng
from lessons_lib.progress import ProgressBoard
from tqdm import tqdm

try:  # installed with scikit-learn; optional
    from threadpoolctl import threadpool_limits
except ImportError:  # pragma: no cover
    threadpool_limits = None

__all__ = ["train", "train_epoch", "one_blas_thread", "check_loss"]


def one_blas_thread():
    """A context manager that runs numpy's matrix products on one thread (a no-op without
    threadpoolctl). Minibatch matrices are small: one BLAS thread is faster than several, and on a
    busy machine (CI, shared servers) multi-threaded OpenBLAS can be 10-50x slower on them."""
    if threadpool_limits is None:  # pragma: no cover
        return contextlib.nullcontext()
    return threadpool_limits(limits=1, user_api="blas")


def check_loss(loss, iteration: int) -> float:
    """``loss`` as a float; ValueError if it is NaN or inf (the run diverged: stop there).

    Every training loop of the course calls it once per update, so a learning rate that is too
    large stops the run at the first bad step with
    "loss became inf at iteration 12: lower the learning rate", not steps later somewhere else.
    """
    if isinstance(loss, (bool, np.bool_)) or not isinstance(loss, (int, float, np.integer, np.floating)):
        raise ValueError(f"loss must be a number, got {type(loss).__name__}")
    if isinstance(iteration, bool) or not isinstance(iteration, (int, np.integer)) or iteration < 0:
        raise ValueError(f"iteration must be a non-negative int, got {iteration!r}")
    loss = float(loss)
    if not np.isfinite(loss):
        raise ValueError(f"loss became {loss} at iteration {iteration}: lower the learning rate")
    return loss


def _check_data(x, t, name_x, name_t):
    x, t = np.asarray(x), np.asarray(t)
    if x.ndim < 2:
        raise ValueError(f"{name_x} must have shape (N, ...) with one example per row, got {x.shape}")
    if t.ndim not in (1, 2) or len(t) != len(x):
        raise ValueError(f"{name_t} must be labels ({len(x)},) or one-hot ({len(x)}, C) matching {name_x}, "
                         f"got {t.shape}")
    if len(x) == 0:
        raise ValueError(f"{name_x} is empty")
    for name, array in ((name_x, x), (name_t, t)):
        if array.dtype.kind not in "biuf":
            raise ValueError(f"{name} must hold real numbers, got dtype {array.dtype}")
        if array.dtype.kind == "f" and not np.isfinite(array).all():
            bad = "NaN" if np.isnan(array).any() else "inf"
            raise ValueError(f"{name} contains {bad}: fix the data (it is not the learning rate)")
    return x, t


def train_epoch(net, optimizer, x_train, t_train, batch_size=100, rng=None):
    """One epoch of minibatch SGD (lesson 03, section 6): a fresh shuffle of the training set,
    then every example once, batch_size at a time. Returns the loss of every minibatch.

    net: has ``gradient(x, t)`` (keeping ``last_loss``) and ``params``; optimizer: has
    ``update(params, grads)``; x_train (N, ...), t_train labels (N,) or one-hot (N, C);
    rng: a ``numpy.random.Generator`` (``make_rng(seed)``) for the shuffle. A trailing partial
    batch is left out, as in :func:`train`.
    """
    rng = _epoch_inputs(net, optimizer, x_train, t_train, batch_size, rng)  # ValueError if bad
    order = rng.permutation(len(x_train))  # a fresh shuffle every epoch
    losses = []
    with one_blas_thread():  # small matrices: one BLAS thread is the fastest
        for start in range(0, len(order) - batch_size + 1, batch_size):
            batch = order[start : start + batch_size]
            grads = net.gradient(x_train[batch], t_train[batch])  # backprop
            losses.append(check_loss(net.last_loss, len(losses) + 1))  # stops a diverging run
            optimizer.update(net.params, grads)
    return losses


def _epoch_inputs(net, optimizer, x_train, t_train, batch_size, rng):
    """The checks of :func:`train_epoch`; returns rng (a new ``make_rng(0)`` if None)."""
    for name, value, needs in (("net", net, ("gradient", "params")), ("optimizer", optimizer, ("update",))):
        if isinstance(value, type):
            raise ValueError(f"{name} must be an object, not the class {value.__name__}: "
                             f"write {value.__name__}(...) with its settings")
        if not all(hasattr(value, attribute) for attribute in needs):
            raise ValueError(f"{name} must have {', '.join(needs)} (a lessons_lib network and optimizer), "
                             f"got {type(value).__name__}")
    if not isinstance(x_train, np.ndarray) or not isinstance(t_train, np.ndarray):
        raise ValueError("x_train and t_train must be numpy arrays")
    _check_data(x_train, t_train, "x_train", "t_train")
    if isinstance(batch_size, bool) or not isinstance(batch_size, (int, np.integer)) \
            or not 1 <= batch_size <= len(x_train):
        raise ValueError(f"batch_size must be an int from 1 to len(x_train) = {len(x_train)}, got {batch_size!r}")
    if rng is None:
        return make_rng(0)
    if not isinstance(rng, np.random.Generator):
        raise ValueError(f"rng must be a numpy.random.Generator (lessons_lib.make_rng(seed)), got {type(rng).__name__}")
    return rng


def train(net, optimizer, x_train, t_train, x_test=None, t_test=None, *, epochs=None, iterations=None,
          batch_size=100, seed=0, eval_every_epoch=True, eval_size=None, progress=True, desc=""):
    """Train ``net`` with ``optimizer`` on minibatches; return the history.

    net: has ``gradient(x, t) -> grads`` (keeping ``last_loss``), ``params``, ``loss``, ``accuracy`` (a ``MultiLayerNet``).
    optimizer: has ``update(params, grads)`` (``lessons_lib.optimizers``).
    x_train: (N, ...) and t_train: labels (N,) or one-hot (N, C); likewise x_test, t_test (optional).
    epochs or iterations (exactly one): how long to train. An epoch is N // batch_size iterations,
    over a fresh shuffle of the training set.
    eval_every_epoch: measure train/test accuracy after every epoch (else only at the end).
    eval_size: measure accuracy on a fixed random subset of this many examples (faster); None = all.

    Returns a dict: "loss" (the minibatch loss at every iteration), "train_acc" and "test_acc"
    (one value per evaluation; test_acc is empty without test data), "eval_iterations" (the
    iteration count at each evaluation) and "iterations_per_epoch".
    """
    for name, value, needs in (("net", net, ("gradient", "params", "accuracy")), ("optimizer", optimizer, ("update",))):
        if isinstance(value, type):
            raise ValueError(f"{name} must be an object, not the class {value.__name__}: "
                             f"write {value.__name__}(...) with its settings")
        if not all(hasattr(value, attribute) for attribute in needs):
            raise ValueError(f"{name} must have {', '.join(needs)} (a lessons_lib network and optimizer), "
                             f"got {type(value).__name__}")
    x_train, t_train = _check_data(x_train, t_train, "x_train", "t_train")
    if (x_test is None) != (t_test is None):
        raise ValueError("give both x_test and t_test, or neither")
    if x_test is not None:
        x_test, t_test = _check_data(x_test, t_test, "x_test", "t_test")
    if (epochs is None) == (iterations is None):
        raise ValueError("give exactly one of epochs or iterations")
    for name, value in (("epochs", epochs), ("iterations", iterations), ("batch_size", batch_size),
                        ("eval_size", eval_size)):
        if value is not None and (isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1):
            raise ValueError(f"{name} must be a positive int, got {value!r}")

    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a non-negative int, got {seed!r}")
    for name, value in (("eval_every_epoch", eval_every_epoch), ("progress", progress)):
        if not isinstance(value, (bool, np.bool_)):  # "no" would switch it on
            raise ValueError(f"{name} must be True or False, got {value!r}")
    if not isinstance(desc, str):
        raise ValueError(f"desc must be a string (the progress bar's label), got {desc!r}")
    rng = make_rng(seed)
    n = len(x_train)
    batch_size = min(batch_size, n)
    iterations_per_epoch = n // batch_size
    total = epochs * iterations_per_epoch if epochs is not None else iterations

    def subset(x, t):
        if eval_size is None or eval_size >= len(x):
            return x, t
        index = np.sort(rng.choice(len(x), size=eval_size, replace=False))
        return x[index], t[index]

    train_eval, test_eval = subset(x_train, t_train), (subset(x_test, t_test) if x_test is not None else None)
    history = {"loss": [], "train_acc": [], "test_acc": [], "eval_iterations": [],
               "iterations_per_epoch": iterations_per_epoch}

    def evaluate(iteration):
        history["eval_iterations"].append(iteration)
        try:
            history["train_acc"].append(net.accuracy(*train_eval))
            if test_eval is not None:
                history["test_acc"].append(net.accuracy(*test_eval))
        except ValueError as error:  # the weights after this iteration overflow: the loss of
            if "overflowed" in str(error):  # the next one is the first that cannot be finite
                check_loss(float("inf"), iteration + 1)
            raise

    order = None
    board = ProgressBoard(desc or "training", xlabel="epoch", enabled=None if progress else False)
    with one_blas_thread(), tqdm(total=total, desc=desc or None, disable=not progress, mininterval=1.0, leave=True) as bar:
        for iteration in range(total):
            position = iteration % iterations_per_epoch
            if position == 0:
                order = rng.permutation(n)
            batch = order[position * batch_size:(position + 1) * batch_size]
            x_batch, t_batch = x_train[batch], t_train[batch]
            try:
                grads = net.gradient(x_batch, t_batch)
            except ValueError as error:  # if it failed because the loss diverged, say at which iteration
                check_loss(getattr(net, "last_loss", 0.0), iteration + 1)
                if "contains inf" in str(error) or "contains NaN" in str(error):  # a layer overflowed
                    check_loss(float("inf"), iteration + 1)
                raise
            history["loss"].append(check_loss(net.last_loss, iteration + 1))  # this minibatch's, before the step
            try:
                optimizer.update(net.params, grads)
            except ValueError as error:  # the step overflowed a weight: the next loss cannot be finite
                if "overflowed" in str(error):
                    check_loss(float("inf"), iteration + 2)
                raise
            bar.update(1)
            done = iteration + 1
            if eval_every_epoch and done % iterations_per_epoch == 0:
                evaluate(done)
                postfix = {"loss": f"{np.mean(history['loss'][-iterations_per_epoch:]):.4f}",
                           "train_acc": f"{history['train_acc'][-1]:.4f}"}
                if history["test_acc"]:
                    postfix["test_acc"] = f"{history['test_acc'][-1]:.4f}"
                bar.set_postfix(postfix, refresh=False)
                board.add(done / iterations_per_epoch, {"train loss": float(postfix["loss"]),
                                                        "train accuracy": history["train_acc"][-1],
                                                        **({"held-out accuracy": history["test_acc"][-1]}
                                                           if history["test_acc"] else {})})
        if not history["eval_iterations"] or history["eval_iterations"][-1] != total:
            evaluate(total)
    board.close()
    return history
