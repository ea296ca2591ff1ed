/**
 * The course files ({@code course.yaml}, lesson folders, exercise specs) for whoever reads them: {@link
 * io.kubeguide.content.ContentSource} from the jar's {@code content/} folder, or from {@code guide.content.dir} on disk
 * for authors. Imports no feature package.
 */
package io.kubeguide.content;
