package org.portrait.errors.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class GraphErrorMapperTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.portrait.errors.entity.DatabaseFailureShapes#unavailable")
    void theDatabaseUnavailableAnswers503(String shape, Throwable failure) {
        GraphError error = GraphErrorMapper.errorFor(failure);
        assertEquals(503, error.status(), shape);
        assertEquals("ServiceUnavailable", error.code(), shape);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.portrait.errors.entity.DatabaseFailureShapes#bugs")
    void aBugAnswers500(String shape, Throwable failure) {
        assertEquals(500, GraphErrorMapper.errorFor(failure).status(), shape);
    }
}
