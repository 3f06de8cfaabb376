package sh.oso.korb.storage;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * Drops the {@code Expect: 100-continue} header the S3 client puts on every PutObject. With the JDK's
 * URLConnection client the handshake intermittently fails on a reused connection ("Unexpected end of file from
 * server", aws/aws-sdk-java-v2#6670) in a way the SDK does not retry, and for snapshot-sized bodies the extra
 * round trip buys nothing. Client-level interceptors run after the service's, so this one sees the header.
 */
final class WithoutExpectContinue implements ExecutionInterceptor {

    @Override
    public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
        SdkHttpRequest request = context.httpRequest();
        return request.firstMatchingHeader("Expect").isPresent()
                ? request.toBuilder().removeHeader("Expect").build()
                : request;
    }
}
