/**
 * What strangers may cost the guide: {@link io.kubeguide.limits.GuideLimits} ({@code guide.limits.*}), budgets per
 * client address ({@link io.kubeguide.limits.ClientBudgets}) and the refusals they give (429, 413). Imports no feature
 * package.
 */
package io.kubeguide.limits;
