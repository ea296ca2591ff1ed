/**
 * Tools for course authors: the content checker ({@code java -jar guide.jar --check-content=./content}), which reads
 * an author's course folder as the guide would, checks its anchors and links, then proves every solution, right answer
 * and wrong answer of every exercise on a real API server and prints a table; {@code ExerciseContentIT} is the same
 * run on the course in CI. Sits above {@code exercise}, {@code lesson} and {@code sandbox}; nothing imports it but the
 * application's {@code main}.
 */
package io.kubeguide.authoring;
