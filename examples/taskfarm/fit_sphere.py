#!/usr/bin/env python3
"""One task of the small-angle-scattering sweep: fit a sphere form factor to synthetic noisy I(q) data
from one starting point (radius, scale, background) and print the fitted parameters and chi^2.
The data are the same for every task (fixed seed), so tasks differ only in where the fit starts;
how many evaluations a fit needs depends on that, which makes the runtimes skewed."""
import sys
import numpy as np
from scipy.optimize import least_squares


def sphere(q, radius, scale, background):
    qr = q * radius
    form = 3.0 * (np.sin(qr) - qr * np.cos(qr)) / qr ** 3
    return scale * form ** 2 + background


def main():
    r0, s0, b0 = (float(x) for x in sys.argv[1:4])
    rng = np.random.default_rng(42)
    q = np.linspace(0.005, 0.5, 400)
    truth = sphere(q, 45.0, 1.0, 0.01)
    sigma = 0.03 * truth + 1e-4
    data = truth + rng.normal(0.0, sigma)
    fit = least_squares(lambda p: (sphere(q, *p) - data) / sigma, [r0, s0, b0],
                        bounds=([1.0, 1e-6, 0.0], [500.0, 100.0, 1.0]), max_nfev=20000)
    chi2 = float(np.sum(fit.fun ** 2) / (len(q) - 3))
    print(f"start {r0:g} {s0:g} {b0:g} radius {fit.x[0]:.4f} scale {fit.x[1]:.5f} "
          f"background {fit.x[2]:.5f} chi2 {chi2:.4f} evaluations {fit.nfev}")


if __name__ == "__main__":
    main()
