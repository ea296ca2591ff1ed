/**
 * What every page controller may use: {@link io.kubeguide.pages.SharedPages} (pages that are the same for every reader,
 * rendered once) and {@link io.kubeguide.pages.PageNotFoundException} (the 404 page with a sentence, rendered by
 * {@code web}). Imports no feature package.
 */
package io.kubeguide.pages;
