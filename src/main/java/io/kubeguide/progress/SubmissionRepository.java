package io.kubeguide.progress;

import org.springframework.data.domain.Limit;
import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;

import java.util.List;

interface SubmissionRepository extends ListCrudRepository<Submission, Long> {

    List<Submission> findByLearnerIdAndExerciseIdOrderByCreatedAtDescIdDesc(String learnerId, String exerciseId,
                                                                             Limit limit);

    long countByLearnerId(String learnerId);

    @Modifying
    @Query("DELETE FROM submission WHERE learner_id = :learnerId")
    int deleteAllByLearner(String learnerId);
}
