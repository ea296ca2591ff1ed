package io.kubeguide.progress;

import java.util.List;
import org.springframework.data.domain.Limit;
import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;

interface SubmissionRepository extends ListCrudRepository<Submission, Long> {

    List<Submission> findByLearnerIdAndExerciseIdOrderByCreatedAtDescIdDesc(
            String learnerId, String exerciseId, Limit limit);

    List<Submission> findByLearnerIdOrderByCreatedAtAscIdAsc(String learnerId);

    long countByLearnerId(String learnerId);

    @Modifying
    @Query("DELETE FROM submission WHERE learner_id = :learnerId")
    int deleteAllByLearner(String learnerId);
}
