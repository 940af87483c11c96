import { EmptyState } from '../components/ui';
import { useTitle } from '../hooks';
import { Link } from '../router';

export function NotFoundPage() {
  useTitle('Not found');
  return (
    <div className="page">
      <EmptyState title="There is nothing at this address.">
        <Link to="/chat">Go to Chat</Link>
      </EmptyState>
    </div>
  );
}
