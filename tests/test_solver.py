"""Tests of cs231n_lib.solver.Solver (given code): it trains, keeps histories and the best
parameters, accepts images, names or functions as update rules, and explains bad inputs."""
import numpy as np
import pytest

from cs231n_lib import optim
from cs231n_lib.classifiers.fc_net import TwoLayerNet
from cs231n_lib.solver import Solver


def small_data(seed=0, N=50, image=(6, 6, 1), C=5, N_val=20):
    rng = np.random.default_rng(seed)
    return {
        "X_train": rng.normal(size=(N, *image)),
        "y_train": rng.integers(C, size=N),
        "X_val": rng.normal(size=(N_val, *image)),
        "y_val": rng.integers(C, size=N_val),
        "X_test": None,  # extra keys are ignored
    }


@pytest.mark.parametrize("update_rule,lr", [("sgd_momentum", 0.05), ("adam", 5e-3), ("rmsprop", 5e-3)])
def test_overfits_fifty_examples(update_rule, lr):
    # 50 random images with random labels: only memorizing them gives 100 % on the training set.
    data = small_data(N=50, image=(28, 28, 1), C=10)
    model = TwoLayerNet(28 * 28, 100, 10, weight_scale=1e-2, seed=0)
    solver = Solver(model, data, update_rule=update_rule, optim_config={"learning_rate": lr},
                    num_epochs=30, batch_size=25, verbose=False, seed=0)
    solver.train()
    assert solver.train_acc_history[-1] == 1.0
    assert solver.loss_history[-1] < 0.1 * solver.loss_history[0]


def test_histories_and_best_params():
    data = small_data(N=60)
    model = TwoLayerNet(36, 10, 5, weight_scale=1e-1, seed=1)
    solver = Solver(model, data, update_rule="sgd", optim_config={"learning_rate": 0.1},
                    num_epochs=4, batch_size=25, verbose=False, seed=0)
    solver.train()
    assert len(solver.loss_history) == 4 * (60 // 25)
    assert len(solver.train_acc_history) == len(solver.val_acc_history) == 5
    assert solver.epoch == 4
    assert solver.best_val_acc == max(solver.val_acc_history)
    for name in model.params:
        assert np.array_equal(model.params[name], solver.best_params[name])
    assert solver.check_accuracy(data["X_val"], data["y_val"]) == solver.best_val_acc


def test_lr_decay_and_one_config_per_parameter():
    data = small_data()
    model = TwoLayerNet(36, 8, 5, seed=0)
    solver = Solver(model, data, update_rule="sgd_momentum", optim_config={"learning_rate": 1.0},
                    lr_decay=0.5, num_epochs=3, batch_size=50, verbose=False, seed=0)
    solver.train()
    assert set(solver.optim_configs) == set(model.params)
    for name, config in solver.optim_configs.items():
        assert config["learning_rate"] == 0.125
        assert config["velocity"].shape == model.params[name].shape


def test_callable_update_rule_and_seeded_runs_agree():
    calls = []

    def my_sgd(w, dw, config):
        calls.append(1)
        return optim.sgd(w, dw, config)

    def run(rule):
        model = TwoLayerNet(36, 8, 5, weight_scale=0.1, seed=3)
        solver = Solver(model, small_data(), update_rule=rule, num_epochs=2, batch_size=10,
                        verbose=False, seed=4)
        solver.train()
        return solver.loss_history

    assert run(my_sgd) == run("sgd")
    assert len(calls) == 2 * 5 * 4  # epochs * iterations * parameters


def test_verbose_prints_progress_on_stdout(capsys):
    model = TwoLayerNet(36, 8, 5, seed=0)
    Solver(model, small_data(), num_epochs=2, batch_size=10, print_every=3, seed=0).train()
    captured = capsys.readouterr()
    out = captured.out
    assert "(Epoch 2 / 2)" in out and "(Iteration 3 / 10)" in out and "training [" in out
    assert captured.err == ""  # Jupyter shows stderr as an error; nbgrader zeroes a test cell that wrote to it


def test_errors_say_what_to_do():
    model = TwoLayerNet(36, 8, 5, seed=0)
    with pytest.raises(ValueError, match="sgd_momentum"):
        Solver(model, small_data(), update_rule="momentum")
    data = small_data()
    del data["y_val"]
    with pytest.raises(KeyError, match="y_val"):
        Solver(model, data)


def test_keep_best_false_leaves_the_last_parameters():
    from cs231n_lib.classifiers.fc_net import TwoLayerNet
    from cs231n_lib.data import make_spirals
    from cs231n_lib.solver import Solver

    X, y = make_spirals(20, seed=0)
    data = {"X_train": X, "y_train": y, "X_val": X[::7], "y_val": (y[::7] + 1) % 3}  # val labels disagree
    finals = {}
    for keep_best in (True, False):
        model = TwoLayerNet(2, 20, 3, weight_scale=1.0, seed=0)
        solver = Solver(model, data, update_rule="adam", optim_config={"learning_rate": 1e-2}, num_epochs=30,
                        batch_size=60, verbose=False, seed=0, keep_best=keep_best)
        solver.train()
        finals[keep_best] = (model.params["W1"].copy(), solver.best_params["W1"])
    assert np.array_equal(finals[True][0], finals[True][1])  # early stopping: the best epoch's weights
    assert not np.array_equal(finals[False][0], finals[False][1])  # the last iteration's weights
