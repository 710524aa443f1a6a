/**
 * DiT (Peebles &amp; Xie, "Scalable Diffusion Models with Transformers", ICCV 2023) as a SameDiff graph.
 *
 * <p>Reading order: {@link org.ditjava.model.DiTConfig} (presets, validation) →
 * {@link org.ditjava.model.DiTNet} (the module tree: one small class per paper concept, each declaring
 * its tensors under official {@code state_dict} names and adding itself to the graph) →
 * {@link org.ditjava.model.DiTModel} (weights, forward, forward with classifier-free guidance) →
 * {@link org.ditjava.model.DiTWeights} (files) → {@link org.ditjava.model.DiTCost} (parameters, Gflops).
 * The reference is facebookresearch/DiT {@code models.py}; see the module README.
 */
package org.ditjava.model;
