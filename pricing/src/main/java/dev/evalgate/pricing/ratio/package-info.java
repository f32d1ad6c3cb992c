/** The Testing-to-Inference ratio (eval ÷ (eval + production) spend) and its bands. */
package dev.evalgate.pricing.ratio;
