"""Reference values for otlab's Gromov-Wasserstein solvers, computed with POT 0.9.7.

Run from the repository root:  python3 Tests/OTSolversTests/Reference/make_reference_gromov.py
Writes Tests/OTSolversTests/Reference/data/gromov/<case>/{C1,C2,p,q[,M],plan}.npy and values.json.

Every case starts from POT's default G0 = p q^T, so otlab must reproduce the plan and loss from the
same start: gw and fgw (ot.gromov.gromov_wasserstein / fused_gromov_wasserstein, conditional gradient
with exact line search, default tolerances) and entropic-gw / entropic-fgw
(ot.gromov.entropic_gromov_wasserstein / entropic_fused_gromov_wasserstein, PGD, default max_iter and
tol, inner ot.sinkhorn with its defaults). One more case, `entropic_gw_log`, is at an epsilon where
POT's plain Sinkhorn underflows (its entropic_gromov_wasserstein returns a plan of mass ~1e-145
there): its reference is POT's PGD loop written out with the inner ot.sinkhorn in the log domain
(method='sinkhorn_log', numItermax 20000), what otlab's log-domain fallback computes. Intra costs are ot.dist (squared Euclidean) of each cloud
divided by its maximum, as in POT's examples; the two clouds have different dimensions.
"""
import json
import os
import warnings

import numpy as np
import ot

assert ot.__version__ == "0.9.7", ot.__version__
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "gromov")


def cloud(rng, n, d):
    return rng.normal(size=(n, d))


def intra(x):
    c = ot.dist(x, x)
    return c / c.max()


def weights(rng, n, uniform):
    if uniform:
        return ot.unif(n)
    w = rng.uniform(0.5, 1.5, size=n)
    return w / w.sum()


def save(name, arrays, values):
    folder = os.path.join(OUT, name)
    os.makedirs(folder, exist_ok=True)
    for key, value in arrays.items():
        np.save(os.path.join(folder, key + ".npy"), np.ascontiguousarray(value, dtype=np.float64))
    with open(os.path.join(folder, "values.json"), "w") as f:
        json.dump(values, f, indent=1, sort_keys=True)
    print(name, values)


def main():
    rng = np.random.default_rng(20260518)

    # gw, square loss: 30 points in 2-D against 40 points in 3-D, non-uniform target weights.
    x, y = cloud(rng, 30, 2), cloud(rng, 40, 3)
    C1, C2, p, q = intra(x), intra(y), weights(rng, 30, True), weights(rng, 40, False)
    T, log = ot.gromov.gromov_wasserstein(C1, C2, p, q, loss_fun="square_loss", log=True)
    save("gw_square", dict(C1=C1, C2=C2, p=p, q=q, plan=T),
         dict(solver="gw", loss_fun="square_loss", loss=float(log["gw_dist"]), iterations=len(log["loss"]) - 1))

    # gw, kl loss: 35 points in 3-D against 30 in 2-D; costs shifted to be positive.
    x, y = cloud(rng, 35, 3), cloud(rng, 30, 2)
    C1, C2, p, q = intra(x) + 0.1, intra(y) + 0.1, weights(rng, 35, False), weights(rng, 30, True)
    T, log = ot.gromov.gromov_wasserstein(C1, C2, p, q, loss_fun="kl_loss", log=True)
    save("gw_kl", dict(C1=C1, C2=C2, p=p, q=q, plan=T),
         dict(solver="gw", loss_fun="kl_loss", loss=float(log["gw_dist"]), iterations=len(log["loss"]) - 1))

    # gw on asymmetric costs (directed graphs): the symmetrised gradient and line search.
    C1 = rng.uniform(0, 1, size=(30, 30)); np.fill_diagonal(C1, 0)
    C2 = rng.uniform(0, 1, size=(36, 36)); np.fill_diagonal(C2, 0)
    p, q = weights(rng, 30, True), weights(rng, 36, True)
    T, log = ot.gromov.gromov_wasserstein(C1, C2, p, q, loss_fun="square_loss", log=True)
    save("gw_asymmetric", dict(C1=C1, C2=C2, p=p, q=q, plan=T),
         dict(solver="gw", loss_fun="square_loss", loss=float(log["gw_dist"]), iterations=len(log["loss"]) - 1))

    # fgw: 50 points in 2-D against 60 in 3-D, features in 1-D, alpha 0.5 (POT's default).
    x, y = cloud(rng, 50, 2), cloud(rng, 60, 3)
    fx, fy = rng.normal(size=(50, 1)), rng.normal(size=(60, 1))
    C1, C2, p, q = intra(x), intra(y), weights(rng, 50, True), weights(rng, 60, True)
    M = ot.dist(fx, fy); M = M / M.max()
    T, log = ot.gromov.fused_gromov_wasserstein(M, C1, C2, p, q, loss_fun="square_loss", alpha=0.5, log=True)
    save("fgw_square", dict(C1=C1, C2=C2, p=p, q=q, M=M, plan=T),
         dict(solver="fgw", loss_fun="square_loss", alpha=0.5, loss=float(log["fgw_dist"]), iterations=len(log["loss"]) - 1))

    # entropic gw: 40 points in 2-D against 45 in 3-D, epsilon 0.01.
    x, y = cloud(rng, 40, 2), cloud(rng, 45, 3)
    C1, C2, p, q = intra(x), intra(y), weights(rng, 40, True), weights(rng, 45, False)
    T, log = ot.gromov.entropic_gromov_wasserstein(C1, C2, p, q, loss_fun="square_loss", epsilon=0.01, log=True)
    save("entropic_gw_square", dict(C1=C1, C2=C2, p=p, q=q, plan=T),
         dict(solver="entropic-gw", loss_fun="square_loss", epsilon=0.01, loss=float(log["gw_dist"])))

    # entropic fgw: same sizes, alpha 0.3, epsilon 0.01.
    x, y = cloud(rng, 40, 2), cloud(rng, 45, 3)
    fx, fy = rng.normal(size=(40, 2)), rng.normal(size=(45, 2))
    C1, C2, p, q = intra(x), intra(y), weights(rng, 40, True), weights(rng, 45, True)
    M = ot.dist(fx, fy); M = M / M.max()
    T, log = ot.gromov.entropic_fused_gromov_wasserstein(M, C1, C2, p, q, loss_fun="square_loss", epsilon=0.01, alpha=0.3, log=True)
    save("entropic_fgw_square", dict(C1=C1, C2=C2, p=p, q=q, M=M, plan=T),
         dict(solver="entropic-fgw", loss_fun="square_loss", alpha=0.3, epsilon=0.01, loss=float(log["fgw_dist"])))

    # entropic gw at epsilon 2e-4, where exp(-C/epsilon) underflows: the log-domain inner Sinkhorn.
    x, y = cloud(rng, 30, 2), cloud(rng, 35, 3)
    C1, C2, p, q = intra(x), intra(y), weights(rng, 30, True), weights(rng, 35, False)
    epsilon, inner_max = 2e-4, 20000
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        plain = ot.gromov.entropic_gromov_wasserstein(C1, C2, p, q, loss_fun="square_loss", epsilon=epsilon)
    T, loss, outer = entropic_gw_log_domain(C1, C2, p, q, epsilon, inner_max)
    save("entropic_gw_log", dict(C1=C1, C2=C2, p=p, q=q, plan=T),
         dict(solver="entropic-gw", loss_fun="square_loss", epsilon=epsilon, loss=loss, inner_max_iter=inner_max,
              iterations=outer, pot_plain_mass=float(np.nansum(plain))))


def entropic_gw_log_domain(C1, C2, p, q, epsilon, inner_max, max_iter=1000, tol=1e-9):
    """POT 0.9.7's entropic_gromov_wasserstein (PGD, symmetric costs, default tolerances) with the
    inner ot.sinkhorn in the log domain."""
    constC, hC1, hC2 = ot.gromov.init_matrix(C1, C2, p, q, "square_loss")
    T, cpt, err = np.outer(p, q), 0, 1
    while err > tol and cpt < max_iter:
        previous = T
        tens = ot.gromov.gwggrad(constC, hC1, hC2, T)
        T = ot.sinkhorn(p, q, tens, epsilon, method="sinkhorn_log", numItermax=inner_max)
        if cpt % 10 == 0:
            err = np.linalg.norm(T - previous)
        cpt += 1
    return T, float(ot.gromov.gwloss(constC, hC1, hC2, T)), cpt


if __name__ == "__main__":
    main()
